// Messages between the WebAssembly H.265 decoder and its worker.

export interface WorkerRequest {
  type: 'decode';
  id: number;
  /** One GopBatch's Annex B bytes (transferred). */
  data: ArrayBuffer;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'picture'; id: number; width: number; height: number; data: ArrayBuffer }
  | { type: 'done'; id: number; pictures: number; ms: number; ret: number; log: string }
  | { type: 'failed'; message: string; starting: boolean };
