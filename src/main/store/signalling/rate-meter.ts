// Messages per second over the last few whole seconds, for the status bar.

export class RateMeter {
  private readonly buckets: number[];
  private readonly seconds: number[];

  constructor(
    private readonly now: () => number,
    private readonly windowSec = 5,
  ) {
    this.buckets = new Array(windowSec + 1).fill(0);
    this.seconds = new Array(windowSec + 1).fill(-1);
  }

  add(n = 1): void {
    const sec = Math.floor(this.now() / 1000);
    const i = sec % this.buckets.length;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.buckets[i] = 0;
    }
    this.buckets[i] += n;
  }

  /** Average over the last `windowSec` completed seconds (the current, partial second is left out). */
  perSecond(): number {
    const current = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const age = current - this.seconds[i];
      if (age >= 1 && age <= this.windowSec) total += this.buckets[i];
    }
    return total / this.windowSec;
  }
}
