import type { Clock, TimerHandle } from '../timers/clock';

/**
 * Values kept for one fixed hold time each, by key: the compact Completed states of UDP transactions
 * (CompletedResponses for Timer J, the layer's completed clients for Timer K). Every entry waits the same time, so
 * they expire in the order they came: reads drop what is due first, and one timer sweeps while no reads come, at
 * most once per hold/32 (one wake-up a second for Timer J, not one per transaction at a site's keepalive rate).
 */
export class HeldKeys<V> {
  private readonly values = new Map<string, V>();
  /** Keys and due times in arrival order; `head` is the oldest entry still queued. */
  private keys: string[] = [];
  private due: number[] = [];
  private head = 0;
  private timer: TimerHandle | undefined;
  /** Shortest wait between two timer sweeps. */
  private readonly sweepMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly holdMs: number,
  ) {
    this.sweepMs = Math.floor(holdMs / 32);
  }

  get size(): number {
    this.expire(this.clock.now());
    return this.values.size;
  }

  /** The value held for this key, while its hold time runs. */
  get(key: string): V | undefined {
    this.expire(this.clock.now());
    return this.values.get(key);
  }

  hold(key: string, value: V): void {
    const now = this.clock.now();
    this.expire(now);
    this.values.set(key, value);
    this.keys.push(key);
    this.due.push(now + this.holdMs);
    if (this.timer === undefined) this.arm(now);
  }

  close(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.values.clear();
    this.keys = [];
    this.due = [];
    this.head = 0;
  }

  private arm(now: number): void {
    const wait = Math.max(this.sweepMs, this.due[this.head] - now);
    this.timer = this.clock.setTimeout(() => this.sweep(), wait);
  }

  private sweep(): void {
    this.timer = undefined;
    const now = this.clock.now();
    this.expire(now);
    if (this.head < this.keys.length) this.arm(now);
  }

  /** Drops the entries whose hold time is over (they are at the front). */
  private expire(now: number): void {
    if (this.head >= this.keys.length || this.due[this.head] > now) return;
    while (this.head < this.keys.length && this.due[this.head] <= now) {
      this.values.delete(this.keys[this.head]);
      this.head++;
    }
    if (this.head === this.keys.length) {
      this.keys = [];
      this.due = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
  }
}
