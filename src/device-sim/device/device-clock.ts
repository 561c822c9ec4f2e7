// A device's wall clock: the host clock plus an offset learnt from the Date header of the 200 OK to REGISTER
// (GB/T 28181-2016 §9.10: devices set their time from it).
import { parseGbDateHeader } from '../../main/gb28181/datetime';

export class DeviceClock {
  /** Device time minus host time, ms. */
  offsetMs = 0;
  /** When the clock was last set from a Date header (host ms), or null. */
  setAt: number | null = null;
  /** The last Date header value used, as sent. */
  lastDateHeader: string | null = null;

  /** `zone`: the zone the device's clock is set to; the Date header is read as that zone's wall clock. */
  constructor(
    private readonly hostNow: () => number = Date.now,
    private readonly zone?: string,
  ) {}

  now(): Date {
    return new Date(this.hostNow() + this.offsetMs);
  }

  /** Sets the clock from a Date header value; false (clock unchanged) when the value is not a GB time. */
  setFromDateHeader(value: string): boolean {
    const d = parseGbDateHeader(value, this.zone) ?? parseHttpDate(value);
    if (!d) return false;
    const host = this.hostNow();
    this.offsetMs = d.getTime() - host;
    this.setAt = host;
    this.lastDateHeader = value;
    return true;
  }
}

/** RFC 3261 §20.17 allows an RFC 1123 date; some platforms send it. */
function parseHttpDate(v: string): Date | undefined {
  if (!/GMT\s*$/i.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t);
}
