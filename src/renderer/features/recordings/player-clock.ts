// The playback player's clock. A device playing at Scale 2 sends twice as many frames per second but keeps the
// recording's timestamps (docs/protocol.md: MANSRTSP Scale), so a player pacing by timestamps alone plays at
// 1x. This clock lets a frame through when its timestamp, divided by the scale, is due on the wall clock; it
// holds frames while paused and drops audio above 1x.

/** 90 kHz ticks per millisecond. */
const TICKS_PER_MS = 90;
/** A frame this late (wall ms) restarts the schedule from now: the device sent slower than the scale. */
const LATE_MS = 250;
/** A timestamp this far ahead of the schedule (media ms) is a jump, not a wait. */
const JUMP_MS = 10_000;
/** Frames held at most (a device sending far faster than the scale); the oldest go first. */
const MAX_HELD = 1500;

export interface ClockTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: ClockTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ClockItem<T> {
  /** 90 kHz ticks. */
  pts: number;
  audio: boolean;
  item: T;
}

export class PlayerClock<T> {
  private queue: ClockItem<T>[] = [];
  /** Wall time at which `pts` was (or is) due. */
  private anchor: { wall: number; pts: number } | null = null;
  private timer: unknown = null;
  private scaleValue = 1;
  private pausedAt: number | null = null;
  private lastReleasedPts: number | null = null;
  /** Audio frames left out because the scale was above 1. */
  droppedAudio = 0;
  /** Frames dropped because too many were held. */
  droppedOverflow = 0;

  constructor(
    private readonly release: (item: T, pts: number) => void,
    private readonly timers: ClockTimers = browserTimers,
  ) {}

  get scale(): number {
    return this.scaleValue;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  get held(): number {
    return this.queue.length;
  }

  /** The timestamp of the last frame let through, null before the first. */
  get releasedPts(): number | null {
    return this.lastReleasedPts;
  }

  push(pts: number, item: T, audio = false): void {
    if (audio && this.scaleValue > 1) {
      this.droppedAudio++;
      return;
    }
    this.queue.push({ pts, audio, item });
    if (this.queue.length > MAX_HELD) {
      this.queue.shift();
      this.droppedOverflow++;
    }
    this.pump();
  }

  /** The new speed applies from the frame on screen now. */
  setScale(scale: number): void {
    if (!(scale > 0) || scale === this.scaleValue) return;
    this.reanchorAtNow();
    this.scaleValue = scale;
    if (scale > 1) {
      const before = this.queue.length;
      this.queue = this.queue.filter((q) => !q.audio);
      this.droppedAudio += before - this.queue.length;
    }
    this.pump();
  }

  pause(): void {
    if (this.pausedAt !== null) return;
    this.pausedAt = this.timers.now();
    this.disarm();
  }

  resume(): void {
    if (this.pausedAt === null) return;
    const pausedFor = this.timers.now() - this.pausedAt;
    this.pausedAt = null;
    if (this.anchor) this.anchor = { wall: this.anchor.wall + pausedFor, pts: this.anchor.pts };
    this.pump();
  }

  /** Drops what is held and starts the schedule again at the next frame (a seek). */
  restart(): void {
    this.queue = [];
    this.anchor = null;
    this.disarm();
  }

  close(): void {
    this.restart();
  }

  private reanchorAtNow(): void {
    if (!this.anchor) return;
    const now = this.pausedAt ?? this.timers.now();
    const pts = this.lastReleasedPts ?? this.anchor.pts;
    // The frame on screen keeps its place; what follows is paced at the new scale.
    this.anchor = { wall: Math.min(now, this.dueAt(pts)), pts };
  }

  private dueAt(pts: number): number {
    const a = this.anchor!;
    return a.wall + (pts - a.pts) / TICKS_PER_MS / this.scaleValue;
  }

  private pump(): void {
    if (this.pausedAt !== null) return;
    const now = this.timers.now();
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (!this.anchor) this.anchor = { wall: now, pts: head.pts };
      let due = this.dueAt(head.pts);
      if (due < now - LATE_MS || due > now + JUMP_MS / this.scaleValue || head.pts < this.anchor.pts) {
        this.anchor = { wall: now, pts: head.pts };
        due = now;
      }
      if (due > now) {
        this.arm(due - now);
        return;
      }
      this.queue.shift();
      this.lastReleasedPts = head.pts;
      this.release(head.item, head.pts);
      if (this.pausedAt !== null) return;
    }
    this.disarm();
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
