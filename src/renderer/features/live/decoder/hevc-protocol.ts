// Messages between the WebAssembly H.265 decoder and its worker.

export type WorkerRequest =
  /** Decode one GopBatch's Annex B bytes (transferred) in one run. */
  | { type: 'decode'; id: number; data: ArrayBuffer }
  /** Decode a stream read from a ByteRing as it is written, in one run that ends when the ring is closed. */
  | { type: 'stream'; id: number; ring: SharedArrayBuffer };

export type WorkerReply =
  /** threads: the ffmpeg build with threads (@ffmpeg/core-mt) was loaded. */
  | { type: 'ready'; threads: boolean }
  | { type: 'picture'; id: number; width: number; height: number; data: ArrayBuffer }
  | { type: 'done'; id: number; pictures: number; ms: number; ret: number; log: string }
  | { type: 'failed'; message: string; starting: boolean };
