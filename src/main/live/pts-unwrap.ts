// Device clocks wrap (33-bit PS PTS, 32-bit RTP timestamps); viewers get a monotonic count from the session's
// first frame. A step back of less than half the clock range is a step back, not a wrap.
export class PtsUnwrapper {
  private readonly modulus: number;
  private last = -1;
  private total = 0;

  constructor(bits: 32 | 33) {
    this.modulus = 2 ** bits;
  }

  /** 90 kHz ticks since the first call, never below 0. */
  next(raw: number): number {
    const r = ((raw % this.modulus) + this.modulus) % this.modulus;
    if (this.last < 0) {
      this.last = r;
      return 0;
    }
    let delta = r - this.last;
    if (delta > this.modulus / 2) delta -= this.modulus;
    else if (delta < -this.modulus / 2) delta += this.modulus;
    this.last = r;
    this.total = Math.max(0, this.total + delta);
    return this.total;
  }
}
