// Open admission turns every new device ID that answers the challenge with the server password into a stored
// device that gets queries. Cap how many one source IP may add per minute; devices retry a refused
// registration after 60 s or more, so a site's cameras all get in, only spread out.
import { BoundedMap } from './bounded-map';

export interface AdmissionRateOptions {
  /** New devices per source IP per window. Default 60. */
  perSource?: number;
  windowMs?: number;
  maxEntries?: number;
  /** Sources without a cap. Default: loopback (the console's own simulated devices; anyone local can do more). */
  exempt?: (ip: string) => boolean;
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

export class AdmissionRate {
  readonly perSource: number;
  readonly windowMs: number;
  private readonly sources: BoundedMap<string, { start: number; count: number }>;
  private readonly exempt: (ip: string) => boolean;

  constructor(opts: AdmissionRateOptions = {}) {
    this.perSource = opts.perSource ?? 60;
    this.windowMs = opts.windowMs ?? 60_000;
    this.sources = new BoundedMap(opts.maxEntries ?? 4096);
    this.exempt = opts.exempt ?? isLoopback;
  }

  get size(): number {
    return this.sources.size;
  }

  /** Counts one new device from `ip`; false when the source has used up its allowance for this window. */
  admit(ip: string, now: number): boolean {
    if (this.exempt(ip)) return true;
    const s = this.sources.get(ip) ?? { start: now, count: 0 };
    if (now - s.start >= this.windowMs) {
      s.start = now;
      s.count = 0;
    }
    if (s.count >= this.perSource) return false;
    s.count++;
    this.sources.set(ip, s);
    return true;
  }
}
