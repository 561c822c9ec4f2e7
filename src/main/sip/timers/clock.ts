/** Time source for every SIP timer, injectable so tests can drive the state machines. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    // Protocol timers must never keep a Node process alive on their own.
    h.unref?.();
    return h;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface FakeTimer {
  readonly id: number;
  due: number;
  fn: () => void;
}

/** A manual clock: `advance(ms)` runs every timer that falls due, in due order (ties in creation order). */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers = new Map<number, FakeTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t: FakeTimer = { id: ++this.seq, due: this.time + Math.max(0, ms), fn };
    this.timers.set(t.id, t);
    return { id: t.id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = (handle as { id?: number }).id;
    if (typeof id === 'number') this.timers.delete(id);
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Milliseconds until the next pending timer, or undefined when none. */
  nextDue(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers.values()) if (min === undefined || t.due < min) min = t.due;
    return min === undefined ? undefined : min - this.time;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.earliestDue(end);
      if (!next) break;
      this.timers.delete(next.id);
      this.time = next.due;
      next.fn();
    }
    this.time = end;
  }

  /** Runs timers until none is left (bounded, so a timer that re-arms forever cannot hang a test). */
  runAll(limit = 10_000): void {
    for (let i = 0; i < limit; i++) {
      const d = this.nextDue();
      if (d === undefined) return;
      this.advance(d);
    }
    throw new Error(`FakeClock.runAll: still ${this.pending} timer(s) pending after ${limit} steps`);
  }

  private earliestDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
