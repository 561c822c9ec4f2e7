import type { Clock, TimerHandle } from '../timers/clock';

/**
 * The Completed state of non-INVITE server transactions over UDP (RFC 3261 §17.2.2), kept compactly: for Timer J
 * (64*T1 = 32 s) the transaction exists only to re-send its final response when the request is retransmitted.
 * A registration burst leaves tens of thousands of them waiting at once, so instead of a transaction object and a
 * timer each, the layer keeps the match key and the response's wire bytes here. Every entry waits the same time,
 * so they expire in the order they came: reads drop what is due first, and one timer sweeps while no reads come,
 * at most once per hold/32 (one wake-up a second for Timer J, not one per transaction at a site's keepalive rate).
 */
export class CompletedResponses {
  // The bytes are kept as a one-byte (latin1) string, not the Buffer: a small Buffer is a slice of an 8 KiB pool
  // slab, and one long-lived slice keeps its whole slab alive (measured: 138 MB of slabs held for 10,000 devices).
  private readonly wire = new Map<string, string>();
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
    return this.wire.size;
  }

  /** The final response last sent for this transaction key, while its Timer J runs. */
  get(key: string): Buffer | undefined {
    this.expire(this.clock.now());
    const text = this.wire.get(key);
    return text === undefined ? undefined : Buffer.from(text, 'latin1');
  }

  hold(key: string, wire: Buffer): void {
    const now = this.clock.now();
    this.expire(now);
    this.wire.set(key, wire.toString('latin1'));
    this.keys.push(key);
    this.due.push(now + this.holdMs);
    if (this.timer === undefined) this.arm(now);
  }

  close(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.wire.clear();
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
      this.wire.delete(this.keys[this.head]);
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
