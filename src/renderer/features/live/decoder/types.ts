// What the player needs of a video decoder: the part of WebCodecs' VideoDecoder it uses, so a WebAssembly
// decoder can stand in where the browser has no decoder for the codec.

export interface EncodedAccessUnit {
  type: 'key' | 'delta';
  /** Microseconds. */
  timestamp: number;
  /** Annex B. */
  data: Uint8Array;
}

export interface FrameDecoder {
  readonly state: 'unconfigured' | 'configured' | 'closed';
  /** Access units handed over but not decoded yet. */
  readonly decodeQueueSize: number;
  configure(config: { codec: string }): void;
  decode(unit: EncodedAccessUnit): void;
  /** Drops whatever is queued; the next unit must be a keyframe. */
  reset(): void;
  close(): void;
}

export interface FrameDecoderInit {
  /** Each picture, in presentation order; the receiver closes it. */
  output(frame: VideoFrame): void;
  /** The decoder failed and is closed. */
  error(err: Error): void;
}

export interface DecoderKind {
  /** Shown in statistics: which decoder turns this stream into pictures. */
  readonly name: 'WebCodecs' | 'WebAssembly';
  create(init: FrameDecoderInit): FrameDecoder;
}
