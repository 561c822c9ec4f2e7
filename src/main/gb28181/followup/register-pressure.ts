// Whether registrations are arriving faster than the follow-up work should compete with: the REGISTERs seen in
// the last window, counted in small buckets so the check is O(1). The window is short (200 ms): at a storm's rate
// it still holds a thousand REGISTERs, and the hold ends within a fifth of a second of the storm's end, so neither
// side sits idle between the last registration and the first catalogue (docs/protocol.md §12).
import type { Clock } from '../../sip/timers/clock';

export interface RegisterPressureOptions {
  /** REGISTER requests per second (two per digest registration) above which follow-ups wait. */
  perSecond: number;
  /** Length of the sliding window (ms). */
  windowMs: number;
}

const BUCKETS = 8;
const DEFAULT_PRESSURE_WINDOW_MS = 200;

export class RegisterPressure {
  private readonly counts = new Array<number>(BUCKETS).fill(0);
  private readonly stamps = new Array<number>(BUCKETS).fill(-1);
  private readonly bucketMs: number;
  private readonly limit: number;

  constructor(
    private readonly clock: Clock,
    opts: Partial<RegisterPressureOptions> = {},
  ) {
    const windowMs = opts.windowMs ?? DEFAULT_PRESSURE_WINDOW_MS;
    this.bucketMs = Math.max(1, Math.floor(windowMs / BUCKETS));
    this.limit = ((opts.perSecond ?? 1000) * windowMs) / 1000;
  }

  /** One REGISTER arrived. */
  note(): void {
    const slot = Math.floor(this.clock.now() / this.bucketMs);
    const i = slot % BUCKETS;
    if (this.stamps[i] !== slot) {
      this.stamps[i] = slot;
      this.counts[i] = 0;
    }
    this.counts[i]++;
  }

  underPressure(): boolean {
    const slot = Math.floor(this.clock.now() / this.bucketMs);
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) if (slot - this.stamps[i] < BUCKETS) sum += this.counts[i];
    return sum > this.limit;
  }
}
