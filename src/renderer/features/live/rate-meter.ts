// Rates over a sliding window (frames per second, bits per second) from timestamped samples.

export class RateMeter {
  private readonly times: number[] = [];
  private readonly amounts: number[] = [];
  private head = 0;
  private sum = 0;
  private firstEver: number | null = null;

  /** `windowMs` of history is kept; a rate needs at least `minSpanMs` of it. */
  constructor(
    private readonly windowMs = 2000,
    private readonly minSpanMs = 500,
  ) {}

  add(now: number, amount = 1): void {
    this.firstEver ??= now;
    this.times.push(now);
    this.amounts.push(amount);
    this.sum += amount;
    this.trim(now);
  }

  /** Amount per second over the window ending at `now`; null until there is enough history. */
  perSecond(now: number): number | null {
    this.trim(now);
    const count = this.times.length - this.head;
    if (this.firstEver === null) return null;
    // Once a whole window has passed, the samples inside it are the rate (none left: zero).
    if (now - this.firstEver >= this.windowMs) return (this.sum * 1000) / this.windowMs;
    // While the first window fills, n samples over `span` ms describe n-1 intervals.
    const span = now - this.times[this.head];
    if (count < 2 || span < this.minSpanMs) return null;
    return ((this.sum - this.amounts[this.head]) * 1000) / span;
  }

  reset(): void {
    this.times.length = 0;
    this.amounts.length = 0;
    this.head = 0;
    this.sum = 0;
    this.firstEver = null;
  }

  private trim(now: number): void {
    while (this.head < this.times.length && this.times[this.head] <= now - this.windowMs) {
      this.sum -= this.amounts[this.head];
      this.head++;
    }
    if (this.head > 256 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.amounts.splice(0, this.head);
      this.head = 0;
    }
  }
}
