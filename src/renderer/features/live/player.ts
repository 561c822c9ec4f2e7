// One tile's player: frames from a FrameSource into a decoder (decoder/pick.ts: WebCodecs, or WebAssembly for
// H.265 where the browser has none), pictures onto a canvas. Annex B goes to the decoder as it is, so parameter
// sets stay in-band.
import { ptsToMicros, type DecodedMediaFrame, type MediaFrameCodec } from '../../../shared/media-frames';
import { avcCodecString, findParameterSets, splitNalUnits } from './annexb';
import { pickDecoder } from './decoder/pick';
import type { DecoderKind, FrameDecoder } from './decoder/types';
import type { FrameSource, FrameSourceEnd } from './frame-source';
import { RateMeter } from './rate-meter';

export type PlayerPhase = 'connecting' | 'waiting-key' | 'playing' | 'unsupported' | 'ended';

export interface PlayerStats {
  phase: PlayerPhase;
  codec: MediaFrameCodec | null;
  codecString: string;
  /** Which decoder makes the pictures, once one is chosen. */
  decoder: DecoderKind['name'] | null;
  /** Picture size: decoded when playing, else from the frame headers. */
  width: number;
  height: number;
  framesReceived: number;
  framesDecoded: number;
  bytesReceived: number;
  /** Decoded (or, when the codec cannot be decoded, received) frames per second. */
  fps: number | null;
  kbps: number | null;
  /** From pressing Play to the first picture drawn, ms. */
  firstPictureMs: number | null;
  /** Times frames were left out (slow viewer or loss) and the player waited for a keyframe. */
  gaps: number;
  decoderErrors: number;
  /** The last decoder error, or how the frame channel ended. */
  problem: string | null;
  end: FrameSourceEnd | null;
}

export interface FrameTap {
  (frame: DecodedMediaFrame): void;
}

export interface PlayerOptions {
  canvas: HTMLCanvasElement;
  source: FrameSource;
  /** performance.now() when Play was pressed. */
  pressedAt: number;
  onChange(stats: PlayerStats): void;
  /** Most often onChange is called while frames flow; phase changes are reported at once. */
  changeIntervalMs?: number;
  /** Frames waiting in the decoder beyond which the player skips to the next keyframe. */
  maxDecodeQueue?: number;
}

const DISPLAY_CODEC: Partial<Record<MediaFrameCodec, string>> = { h264: 'H.264', h265: 'H.265', mpeg4: 'MPEG-4', svac: 'SVAC' };
export const displayCodec = (c: MediaFrameCodec | null): string => (c ? (DISPLAY_CODEC[c] ?? c.toUpperCase()) : '—');

/** A codec string for a frame whose header has none (H.264: from its SPS; others: a common profile). */
export function codecStringFor(frame: Pick<DecodedMediaFrame, 'codec' | 'codecString' | 'data'>): string {
  if (frame.codecString) return frame.codecString;
  if (frame.codec === 'h264') {
    const sps = findParameterSets(splitNalUnits(frame.data)).sps[0];
    return (sps && avcCodecString(sps)) || '';
  }
  if (frame.codec === 'h265') return 'hvc1.1.6.L93.B0';
  return '';
}

export class LivePlayer {
  private readonly o: PlayerOptions;
  private readonly ctx: CanvasRenderingContext2D | null;
  private decoder: FrameDecoder | null = null;
  private decoderKind: DecoderKind | null = null;
  private configured = '';
  private waitKey = true;
  /** The decoder for each codec string (null: none here); undefined while asking. */
  private readonly support = new Map<string, DecoderKind | null | undefined>();
  /** Frames that arrived while a support question was open. */
  private held: DecodedMediaFrame[] = [];
  private readonly fpsMeter = new RateMeter();
  private readonly byteMeter = new RateMeter();
  private readonly taps = new Set<FrameTap>();
  private lastChange = 0;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private lastSequence: number | null = null;
  readonly stats: PlayerStats = {
    phase: 'connecting',
    codec: null,
    codecString: '',
    decoder: null,
    width: 0,
    height: 0,
    framesReceived: 0,
    framesDecoded: 0,
    bytesReceived: 0,
    fps: null,
    kbps: null,
    firstPictureMs: null,
    gaps: 0,
    decoderErrors: 0,
    problem: null,
    end: null,
  };

  constructor(o: PlayerOptions) {
    this.o = o;
    this.ctx = o.canvas.getContext('2d');
    o.source.onFrame((f) => this.onFrame(f));
    o.source.onEnd((end) => {
      this.stats.end = end;
      this.stats.problem = end.reason;
      this.setPhase('ended');
      this.stopDecoder();
    });
  }

  /** Every received frame, before decoding (recording). Returns the removal function. */
  tap(fn: FrameTap): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  /** The last picture as PNG, or null before the first one. */
  snapshot(): Promise<Blob | null> {
    if (this.stats.framesDecoded === 0) return Promise.resolve(null);
    return new Promise((resolve) => this.o.canvas.toBlob((b) => resolve(b), 'image/png'));
  }

  /** Rates decay when frames stop; call this on a timer to refresh them. */
  refresh(now = performance.now()): PlayerStats {
    const decodable = this.stats.phase !== 'unsupported';
    this.stats.fps = decodable ? this.fpsMeter.perSecond(now) : this.receivedFps.perSecond(now);
    const bytesPerSecond = this.byteMeter.perSecond(now);
    this.stats.kbps = bytesPerSecond === null ? null : Math.round((bytesPerSecond * 8) / 1000);
    return this.stats;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.o.source.close();
    this.stopDecoder();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.taps.clear();
  }

  private readonly receivedFps = new RateMeter();

  private onFrame(f: DecodedMediaFrame): void {
    if (this.closed) return;
    const now = performance.now();
    const s = this.stats;
    s.framesReceived++;
    s.bytesReceived += f.data.length;
    this.byteMeter.add(now, f.data.length);
    this.receivedFps.add(now);
    if (this.lastSequence !== null && f.sequence !== ((this.lastSequence + 1) >>> 0)) f = { ...f, discontinuity: true };
    this.lastSequence = f.sequence;
    for (const tap of this.taps) tap(f);
    if (s.codec !== f.codec) s.codec = f.codec;
    if (s.phase !== 'playing' && f.width && f.height) {
      s.width = f.width;
      s.height = f.height;
    }
    if (this.held.length > 0 || this.askingSupport()) {
      this.hold(f);
      return;
    }
    this.process(f);
    this.changed(false);
  }

  private askingSupport(): boolean {
    for (const v of this.support.values()) if (v === undefined) return true;
    return false;
  }

  private hold(f: DecodedMediaFrame): void {
    this.held.push(f);
    // A bounded wait: while the browser answers, at most a few seconds of video are kept.
    if (this.held.length > 250) {
      this.held = this.held.slice(this.held.findIndex((h, i) => i > 0 && h.keyframe) >>> 0);
    }
  }

  private process(f: DecodedMediaFrame): void {
    if (f.discontinuity && !this.waitKey) {
      this.waitKey = true;
      this.stats.gaps++;
    }
    const codecString = codecStringFor(f);
    if (f.keyframe && codecString && (f.configChanged || codecString !== this.configured || !this.decoder)) {
      const supported = this.support.get(codecString);
      if (supported === undefined && !this.support.has(codecString)) {
        this.askSupport(codecString, f);
        return;
      }
      if (!supported) {
        this.stats.codecString = codecString;
        this.stopDecoder();
        this.setPhase('unsupported');
        return;
      }
      this.configure(codecString, supported);
      if (this.stats.phase === 'unsupported') this.setPhase('waiting-key');
    }
    if (this.waitKey && !f.keyframe) {
      if (this.stats.phase === 'connecting') this.setPhase('waiting-key');
      return;
    }
    if (!this.decoder || this.stats.phase === 'unsupported') return;
    if (this.decoder.decodeQueueSize > (this.o.maxDecodeQueue ?? 60)) {
      // The computer cannot keep up: skip to the next keyframe rather than fall further behind.
      this.waitKey = true;
      this.stats.gaps++;
      return;
    }
    try {
      this.decoder.decode({ type: f.keyframe ? 'key' : 'delta', timestamp: ptsToMicros(f.pts), data: f.data });
      this.waitKey = false;
    } catch (err) {
      this.decoderFailed(err);
    }
  }

  private askSupport(codecString: string, first: DecodedMediaFrame): void {
    this.support.set(codecString, undefined);
    this.held.unshift(first);
    const answer = (kind: DecoderKind | null) => {
      this.support.set(codecString, kind);
      if (this.closed) return;
      const held = this.held;
      this.held = [];
      for (let i = 0; i < held.length; i++) {
        // A frame in a newer format asked again: what follows it waits for that answer too.
        if (this.askingSupport()) {
          this.held.push(...held.slice(i));
          break;
        }
        this.process(held[i]);
      }
      this.changed(true);
    };
    pickDecoder(codecString).then(answer, () => answer(null));
  }

  private configure(codecString: string, kind: DecoderKind): void {
    if (!this.decoder || this.decoder.state === 'closed' || this.decoderKind !== kind) {
      this.stopDecoder();
      this.decoder = kind.create({ output: (frame) => this.draw(frame), error: (e) => this.decoderFailed(e) });
      this.decoderKind = kind;
      this.stats.decoder = kind.name;
    }
    // No reset: the frames still queued for the old format are pictures of this stream, and a decoder applies a
    // new configuration in order, after them.
    this.decoder.configure({ codec: codecString });
    this.configured = codecString;
    this.stats.codecString = codecString;
    this.waitKey = true;
  }

  private draw(frame: VideoFrame): void {
    try {
      if (this.closed || !this.ctx) return;
      const canvas = this.o.canvas;
      const w = frame.displayWidth;
      const h = frame.displayHeight;
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      this.ctx.drawImage(frame, 0, 0, w, h);
      const s = this.stats;
      s.width = w;
      s.height = h;
      s.framesDecoded++;
      this.fpsMeter.add(performance.now());
      if (s.firstPictureMs === null) s.firstPictureMs = Math.round(performance.now() - this.o.pressedAt);
      if (s.phase !== 'playing') this.setPhase('playing');
      else this.changed(false);
    } finally {
      frame.close();
    }
  }

  private decoderFailed(err: unknown): void {
    this.stats.decoderErrors++;
    this.stats.problem = err instanceof Error ? err.message : String(err);
    // A closed decoder is rebuilt at the next keyframe.
    this.decoder?.close();
    this.decoder = null;
    this.configured = '';
    this.waitKey = true;
    if (this.stats.phase === 'playing') this.setPhase('waiting-key');
    else this.changed(true);
  }

  private stopDecoder(): void {
    const d = this.decoder;
    this.decoder = null;
    this.configured = '';
    d?.close();
  }

  private setPhase(phase: PlayerPhase): void {
    if (this.stats.phase === 'ended') return;
    this.stats.phase = phase;
    this.changed(true);
  }

  private changed(now: boolean): void {
    if (this.closed) return;
    const interval = this.o.changeIntervalMs ?? 500;
    const t = performance.now();
    if (now || t - this.lastChange >= interval) {
      if (this.changeTimer) clearTimeout(this.changeTimer);
      this.changeTimer = null;
      this.lastChange = t;
      this.o.onChange(this.refresh(t));
    } else if (!this.changeTimer) {
      this.changeTimer = setTimeout(() => {
        this.changeTimer = null;
        this.changed(true);
      }, interval - (t - this.lastChange));
    }
  }
}
