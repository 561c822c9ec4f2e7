// Live tail: stored messages go to the UI in batches, at most one batch per interval and at most maxBatch
// messages each. When the UI cannot keep up the oldest pending messages are dropped and counted (ids are
// consecutive, so the UI can show the gap too).
import type { LogMessage } from '../../../shared/types/signalling';

export interface TailScheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: TailScheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface LiveTailOptions {
  intervalMs?: number;
  maxBatch?: number;
}

export class LiveTail {
  private pending: LogMessage[] = [];
  private dropped = 0;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly emit: (messages: LogMessage[], dropped: number) => void,
    options: LiveTailOptions = {},
    private readonly scheduler: TailScheduler = realScheduler,
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.maxBatch = options.maxBatch ?? 500;
  }

  push(messages: readonly LogMessage[]): void {
    if (this.closed) return;
    for (const m of messages) this.pending.push(m);
    if (this.pending.length > this.maxBatch) {
      const excess = this.pending.length - this.maxBatch;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (this.timer !== null || this.pending.length === 0) return;
    const wait = Math.max(0, this.lastEmit + this.intervalMs - this.scheduler.now());
    this.timer = this.scheduler.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const dropped = this.dropped;
    this.pending = [];
    this.dropped = 0;
    this.lastEmit = this.scheduler.now();
    try {
      this.emit(batch, dropped);
    } catch {
      // a failing listener must not stop the tail
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
