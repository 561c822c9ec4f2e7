// A playback session's frames, paced by the player clock before they reach the player, and the recording time
// of the frame on screen. Frame timestamps count from the session's first frame, so the time is found from an
// anchor: the start asked for, and after a seek its target (the server flags the first frame after a seek as a
// discontinuity).
import type { DecodedMediaFrame, MediaFrameCodec } from '../../../shared/media-frames';
import type { FrameSource, FrameSourceEnd } from '../live/frame-source';
import { browserTimers, PlayerClock, type ClockTimers } from './player-clock';

const AUDIO: ReadonlySet<MediaFrameCodec> = new Set(['g711a', 'g711u', 'aac']);
/** After a seek, frames still on their way from before it are dropped for at most this long. */
const SEEK_SETTLE_MS = 2000;
/** Shortly after a seek, a timestamp jump this large (90 kHz) is the device arriving at the target. */
const SEEK_JUMP_TICKS = 2 * 90_000;
const SEEK_WATCH_MS = 4000;

export class PacedFrameSource implements FrameSource {
  readonly clock: PlayerClock<DecodedMediaFrame>;
  private frameCb: (f: DecodedMediaFrame) => void = () => undefined;
  private anchor: { pts: number; unix: number } | null = null;
  /** The next frame to be let through starts this recording time (start or seek target). */
  private nextAnchorUnix: number | null;
  private seeking: { unix: number; at: number } | null = null;
  /** The seek just taken, while frames from before it may still arrive flagged. */
  private landed: { unix: number; until: number } | null = null;
  private lastArrivedPts: number | null = null;
  private shownUnix: number | null = null;

  constructor(
    private readonly inner: FrameSource,
    startUnix: number,
    private readonly timers: ClockTimers = browserTimers,
  ) {
    this.nextAnchorUnix = startUnix;
    this.clock = new PlayerClock((f, pts) => this.show(f, pts), timers);
    inner.onFrame((f) => this.arrive(f));
  }

  get badMessages(): number {
    return this.inner.badMessages;
  }

  onFrame(cb: (frame: DecodedMediaFrame) => void): void {
    this.frameCb = cb;
  }

  onEnd(cb: (end: FrameSourceEnd) => void): void {
    this.inner.onEnd(cb);
  }

  /** Recording time (Unix seconds) of the frame on screen; null before the first. */
  position(): number | null {
    return this.seeking ? this.seeking.unix : this.shownUnix;
  }

  /** The device was asked to seek: what is held or on its way from before is of no use. */
  seek(unix: number): void {
    this.clock.restart();
    this.seeking = { unix, at: this.timers.now() };
  }

  /** The device refused the seek: frames count on from where they were. */
  cancelSeek(): void {
    this.seeking = null;
  }

  close(): void {
    this.clock.close();
    this.inner.close();
  }

  private arrive(f: DecodedMediaFrame): void {
    const now = this.timers.now();
    const previous = this.lastArrivedPts;
    this.lastArrivedPts = f.pts;
    if (this.seeking) {
      const settled = now - this.seeking.at > SEEK_SETTLE_MS;
      if (!f.discontinuity && !settled) return;
      this.clock.restart();
      this.nextAnchorUnix = this.seeking.unix;
      this.landed = { unix: this.seeking.unix, until: now + SEEK_WATCH_MS };
      this.seeking = null;
    } else if (this.landed && now < this.landed.until && previous !== null && Math.abs(f.pts - previous) > SEEK_JUMP_TICKS) {
      // The flagged frame was still from before the seek; this one is the target.
      this.clock.restart();
      this.nextAnchorUnix = this.landed.unix;
      this.landed = null;
    }
    this.clock.push(f.pts, f, AUDIO.has(f.codec));
  }

  private show(f: DecodedMediaFrame, pts: number): void {
    if (this.nextAnchorUnix !== null) {
      this.anchor = { pts, unix: this.nextAnchorUnix };
      this.nextAnchorUnix = null;
    }
    if (this.anchor) this.shownUnix = this.anchor.unix + (pts - this.anchor.pts) / 90_000;
    this.frameCb(f);
  }
}
