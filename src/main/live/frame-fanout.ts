// One session's frames to its viewers. Each frame is encoded once (src/shared/media-frames.ts) and shared; a
// viewer whose transport has more than `maxBufferedBytes` queued misses frames until the next keyframe, so
// nothing is ever queued here and memory stays bounded whatever the viewer does. The frames since the last
// keyframe are kept (up to `gopCacheBytes`) so a viewer that joins mid-GOP starts at once.
import { encodeFrame, FRAME_FLAGS, type MediaFrameCodec } from '../../shared/media-frames';

/** Where a viewer's frames go: a WebSocket, an Electron MessagePort adapter, a test double. */
export interface FrameSink {
  /** Sends one binary message (a whole frame). */
  send(message: Uint8Array): void;
  /** Bytes handed to `send` and not yet delivered (ws.bufferedAmount, or sent minus acknowledged). */
  readonly bufferedAmount: number;
  /** Ends the channel; `reason` is a sentence for the installer. */
  close(code: number, reason: string): void;
}

export interface FanoutFrame {
  codec: MediaFrameCodec;
  data: Uint8Array;
  /** 90 kHz, monotonic within the session. */
  pts: number;
  keyframe: boolean;
  width: number;
  height: number;
  codecString: string;
  /** Frames before this one do not lead to it (a seek): players reset on it (it is a keyframe). */
  discontinuity?: boolean;
}

export interface FrameFanoutOptions {
  /** Default 2 MiB. */
  maxBufferedBytes?: number;
  /** Default 8 MiB; a longer GOP is not cached (a new viewer then waits for the next keyframe). */
  gopCacheBytes?: number;
}

interface Encoded {
  message: Uint8Array;
  keyframe: boolean;
  config: string;
}

interface Viewer {
  sink: FrameSink;
  waitKey: boolean;
  /** Frames were left out since the last one sent. */
  gap: boolean;
  sent: number;
  dropped: number;
  config: string | undefined;
}

export interface ViewerStats {
  sent: number;
  dropped: number;
}

export class FrameFanout {
  private readonly viewers = new Set<Viewer>();
  private readonly maxBuffered: number;
  private readonly gopLimit: number;
  private gop: Encoded[] = [];
  private gopBytes = 0;
  private sequence = 0;
  private closed = false;
  /** Frames left out for slow viewers, all viewers together. */
  dropped = 0;

  constructor(o: FrameFanoutOptions = {}) {
    this.maxBuffered = o.maxBufferedBytes ?? 2 * 1024 * 1024;
    this.gopLimit = o.gopCacheBytes ?? 8 * 1024 * 1024;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  push(f: FanoutFrame): void {
    if (this.closed) return;
    const message = encodeFrame(
      {
        codec: f.codec,
        keyframe: f.keyframe,
        configChanged: false,
        discontinuity: f.discontinuity ?? false,
        sequence: this.sequence++,
        pts: f.pts,
        width: f.width,
        height: f.height,
        codecString: f.codecString,
      },
      f.data,
    );
    const e: Encoded = { message, keyframe: f.keyframe, config: `${f.codecString}|${f.width}x${f.height}` };
    this.remember(e);
    for (const v of this.viewers) this.deliver(v, e);
  }

  /** Adds a viewer; it gets the current GOP at once, then every frame. Returns the unsubscribe function. */
  subscribe(sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } {
    const v: Viewer = { sink, waitKey: true, gap: false, sent: 0, dropped: 0, config: undefined };
    if (this.closed) {
      return { unsubscribe: () => {}, stats: () => ({ sent: 0, dropped: 0 }) };
    }
    this.viewers.add(v);
    for (const e of this.gop) this.deliver(v, e);
    return { unsubscribe: () => void this.viewers.delete(v), stats: () => ({ sent: v.sent, dropped: v.dropped }) };
  }

  /** Closes every viewer's channel with the reason; later pushes are ignored. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.gop = [];
    this.gopBytes = 0;
    for (const v of this.viewers) {
      try {
        v.sink.close(code, reason);
      } catch {
        // a sink that is already gone
      }
    }
    this.viewers.clear();
  }

  /** The cached GOP always starts with a keyframe; an empty cache waits for the next one. */
  private remember(e: Encoded): void {
    if (e.keyframe) {
      this.gop = [];
      this.gopBytes = 0;
    } else if (this.gop.length === 0) {
      return;
    }
    if (this.gopBytes + e.message.length > this.gopLimit) {
      this.gop = [];
      this.gopBytes = 0;
      return;
    }
    this.gop.push(e);
    this.gopBytes += e.message.length;
  }

  private deliver(v: Viewer, e: Encoded): void {
    if (v.waitKey && !e.keyframe) return this.skip(v);
    if (v.sink.bufferedAmount > this.maxBuffered) {
      v.waitKey = true;
      return this.skip(v);
    }
    let flags = 0;
    if (v.config !== e.config) flags |= FRAME_FLAGS.configChanged;
    if (v.gap) flags |= FRAME_FLAGS.discontinuity;
    const message = flags === 0 ? e.message : withFlags(e.message, flags);
    try {
      v.sink.send(message);
    } catch {
      this.viewers.delete(v);
      return;
    }
    v.waitKey = false;
    v.gap = false;
    v.config = e.config;
    v.sent++;
  }

  private skip(v: Viewer): void {
    if (v.sent > 0) {
      v.gap = true;
      v.dropped++;
      this.dropped++;
    }
  }
}

/** A copy of an encoded frame with extra flag bits (byte 5). */
function withFlags(message: Uint8Array, flags: number): Uint8Array {
  const copy = message.slice();
  copy[5] |= flags;
  return copy;
}
