// H.265 where the browser has no decoder: ffmpeg.wasm in a worker. Where memory can be shared (a cross-origin
// isolated page) each access unit goes to ffmpeg as it arrives through a ByteRing and its picture comes back
// when decoded. Elsewhere ffmpeg is fed one group of pictures at a time (GopBatcher), pictures handed on at the
// pace of their timestamps (FramePacer); the cost is latency: a group is decoded once the next keyframe shows it
// is complete.
import { ByteRing, sharedMemoryAvailable } from './byte-ring';
import { FramePacer } from './frame-pacer';
import { annexB, GopBatcher, hasParameterSets, parameterSetsIn, type GopBatch } from './gop-batcher';
import type { WorkerReply, WorkerRequest } from './hevc-protocol';
import type { DecoderKind, EncodedAccessUnit, FrameDecoder, FrameDecoderInit } from './types';

interface Picture {
  width: number;
  height: number;
  data: ArrayBuffer;
}

export interface WasmDecoderOptions {
  /** Hand pictures on as soon as they are decoded (benchmarks) instead of at the pace of their timestamps. */
  unpaced?: boolean;
  /** Each finished batch: pictures out and the worker's decoding time (benchmarks, statistics). */
  onBatch?(pictures: number, ms: number): void;
  /** Feed ffmpeg one group of pictures at a time even where a stream could be shared (benchmarks). */
  batches?: boolean;
  /** Once the worker has loaded ffmpeg: whether it is the build with threads. */
  onReady?(threads: boolean): void;
}

/** A run of ffmpeg reading the stream as it is written. */
interface StreamRun {
  id: number;
  ring: ByteRing;
  /** Timestamps of access units written and not decoded yet, ascending (pictures come in presentation order). */
  pending: number[];
  last: number;
}

const RING_BYTES = 8 * 1024 * 1024;
/** At a keyframe with more access units than this waiting, the run behind is dropped and a new one starts. */
const MAX_BEHIND = 25;

/** Set once the decoder failed to start here (e.g. WebAssembly not allowed): it is not offered again. */
let unavailable: string | null = null;
export const wasmHevcUnavailable = (): string | null => unavailable;

export class WasmHevcDecoder implements FrameDecoder {
  state: FrameDecoder['state'] = 'unconfigured';
  private worker: Worker | null = null;
  private readonly batcher = new GopBatcher();
  private readonly pacer: FramePacer<{ micros: number; picture: Picture }>;
  /** A complete batch waiting for the worker; a newer one replaces it (the viewer cannot keep up). */
  private waiting: (GopBatch & { id: number }) | null = null;
  private inFlight: (GopBatch & { id: number; out: number }) | null = null;
  private nextId = 1;
  private run: StreamRun | null = null;
  /** A run whose input has ended (end of stream, or ffmpeg fell behind) and whose last pictures still come. */
  private draining: StreamRun | null = null;
  private parameterSets: Uint8Array[] = [];
  private readonly streaming: boolean;
  /** Batches dropped because a newer one was waiting, or stream runs ended because ffmpeg fell behind. */
  droppedBatches = 0;

  constructor(
    private readonly init: FrameDecoderInit,
    private readonly opts: WasmDecoderOptions = {},
  ) {
    this.pacer = new FramePacer(
      (f) => this.emit(f.micros, f.picture),
      () => undefined,
    );
    this.streaming = !opts.batches && sharedMemoryAvailable();
  }

  get decodeQueueSize(): number {
    if (this.streaming) return this.run?.pending.length ?? 0;
    return (this.waiting?.timestamps.length ?? 0) + (this.inFlight ? this.inFlight.timestamps.length - this.inFlight.out : 0);
  }

  configure(): void {
    if (this.state === 'closed') throw new Error('the H.265 decoder is closed');
    if (!this.worker) {
      this.worker = new Worker(new URL('./hevc-worker.ts', import.meta.url), { type: 'module', name: 'H.265 decoder' });
      this.worker.onmessage = (e: MessageEvent<WorkerReply>) => this.onReply(e.data);
      this.worker.onerror = (e) => this.fail(e.message || 'the H.265 decoder worker could not be loaded', true);
    }
    this.state = 'configured';
  }

  decode(unit: EncodedAccessUnit): void {
    if (this.state !== 'configured') throw new Error(`the H.265 decoder is ${this.state}`);
    if (this.streaming) {
      this.feed(unit);
      return;
    }
    const batch = this.batcher.push(unit);
    if (batch) this.submit(batch);
  }

  /** Decodes what has been collected without waiting for the next keyframe (the end of a stream). */
  flush(): void {
    if (this.streaming) {
      this.endRun(true);
      return;
    }
    const batch = this.batcher.flush();
    if (batch) this.submit(batch);
  }

  reset(): void {
    if (this.state === 'closed') return;
    this.batcher.clear();
    this.endRun();
    this.waiting = null;
    // Pictures of the batch being decoded are of no use any more.
    if (this.inFlight) this.inFlight.id = -this.inFlight.id;
    this.pacer.clear();
  }

  close(): void {
    if (this.state === 'closed') return;
    this.reset();
    this.state = 'closed';
    this.worker?.terminate();
    this.worker = null;
  }

  private feed(unit: EncodedAccessUnit): void {
    if (unit.type === 'key') {
      const sets = parameterSetsIn(unit.data);
      if (sets.length > 0) this.parameterSets = sets;
    }
    if (this.run && unit.type === 'key' && this.run.pending.length > MAX_BEHIND) {
      // ffmpeg is more than a second behind (e.g. the stream came while it started): join again here.
      this.droppedBatches++;
      this.endRun();
    }
    if (!this.run) {
      if (unit.type !== 'key') return;
      this.run = { id: this.nextId++, ring: ByteRing.create(RING_BYTES), pending: [], last: unit.timestamp };
      const msg: WorkerRequest = { type: 'stream', id: this.run.id, ring: this.run.ring.buffer };
      this.worker!.postMessage(msg);
      // H.265 7.4.2.4.4: the stream needs its VPS/SPS/PPS before the first slice.
      if (!hasParameterSets(unit.data)) this.run.ring.write(annexB(this.parameterSets));
    }
    const run = this.run;
    if (!run.ring.write(unit.data)) {
      // ffmpeg is too far behind: drop this run; the next keyframe starts another.
      this.droppedBatches++;
      this.endRun();
      return;
    }
    const at = run.pending.findLastIndex((t) => t <= unit.timestamp);
    run.pending.splice(at + 1, 0, unit.timestamp);
  }

  /** Ends the run's input; what it has not decoded yet is decoded and shown (drain) or dropped. */
  private endRun(drain = false): void {
    if (drain) this.run?.ring.close();
    else this.run?.ring.abandon();
    this.draining = drain ? this.run : null;
    this.run = null;
  }

  private submit(batch: GopBatch): void {
    const b = { ...batch, id: this.nextId++ };
    if (this.inFlight) {
      if (this.waiting) this.droppedBatches++;
      this.waiting = b;
      return;
    }
    this.inFlight = { ...b, out: 0 };
    const msg: WorkerRequest = { type: 'decode', id: b.id, data: b.data.buffer as ArrayBuffer };
    this.worker!.postMessage(msg, [msg.data]);
  }

  private onReply(m: WorkerReply): void {
    if (this.state === 'closed') return;
    if (m.type === 'failed') {
      this.fail(m.message, m.starting);
      return;
    }
    if (m.type === 'ready') {
      this.opts.onReady?.(m.threads);
      return;
    }
    if (this.streaming) {
      this.onStreamReply(m);
      return;
    }
    const batch = this.inFlight;
    if (!batch || batch.id !== m.id) {
      if (m.type === 'done' && batch && batch.id === -m.id) this.next();
      return;
    }
    if (m.type === 'picture') {
      const ts = batch.timestamps;
      const micros = batch.out < ts.length ? ts[batch.out] : ts[ts.length - 1] + (batch.out - ts.length + 1) * 40_000;
      batch.out++;
      const picture = { width: m.width, height: m.height, data: m.data };
      if (this.opts.unpaced) this.emit(micros, picture);
      else this.pacer.push(micros, { micros, picture });
      return;
    }
    this.opts.onBatch?.(m.pictures, m.ms);
    this.next();
  }

  private onStreamReply(m: Extract<WorkerReply, { type: 'picture' | 'done' }>): void {
    const run = [this.run, this.draining].find((r) => r?.id === m.id);
    if (m.type === 'done') {
      this.opts.onBatch?.(m.pictures, m.ms);
      // ffmpeg stopped on its own (e.g. a stream it cannot read): the next keyframe starts another run.
      if (this.run?.id === m.id) this.endRun();
      if (this.draining?.id === m.id) this.draining = null;
      return;
    }
    if (!run) return;
    const micros = run.pending.shift() ?? run.last + 40_000;
    run.last = micros;
    this.emit(micros, { width: m.width, height: m.height, data: m.data });
  }

  private next(): void {
    this.inFlight = null;
    const w = this.waiting;
    this.waiting = null;
    if (w) this.submit(w);
  }

  private emit(micros: number, p: Picture): void {
    if (this.state === 'closed') return;
    const frame = new VideoFrame(p.data, { format: 'I420', codedWidth: p.width, codedHeight: p.height, timestamp: micros });
    this.init.output(frame);
  }

  private fail(message: string, atStart: boolean): void {
    if (this.state === 'closed') return;
    if (atStart) unavailable = message;
    this.close();
    this.init.error(new Error(`H.265 decoder (WebAssembly): ${message}`));
  }
}

export const wasmHevcKind: DecoderKind = { name: 'WebAssembly', create: (init) => new WasmHevcDecoder(init) };
