/**
 * Interarrival jitter, RFC 3550 6.4.1 and A.8: J += (|D| - J) / 16, where D is the change in transit time
 * (arrival time in RTP units minus RTP timestamp) between consecutive packets.
 */
export class JitterEstimator {
  private jitter = 0;
  private lastArrival = Number.NaN;
  private lastTs = 0;

  constructor(private readonly clockRate = 90000) {}

  update(rtpTimestamp: number, arrivalMs: number): void {
    const arrival = (arrivalMs * this.clockRate) / 1000;
    if (!Number.isNaN(this.lastArrival)) {
      const tsStep = ((rtpTimestamp - this.lastTs) | 0) as number;
      const d = arrival - this.lastArrival - tsStep;
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.lastArrival = arrival;
    this.lastTs = rtpTimestamp;
  }

  /** Jitter in RTP timestamp units. */
  get units(): number {
    return this.jitter;
  }

  get ms(): number {
    return (this.jitter * 1000) / this.clockRate;
  }

  reset(): void {
    this.jitter = 0;
    this.lastArrival = Number.NaN;
  }
}
