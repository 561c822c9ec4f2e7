// Brute-force brake: an IP that sends too many wrong passwords within a window is refused without a
// challenge for a while, so it cannot keep guessing.
import type { Clock } from '../../sip/timers/clock';

export interface LockoutOptions {
  maxFailures?: number;
  windowMs?: number;
  lockMs?: number;
}

export interface LockState {
  until: number;
  failures: number;
}

export class IpLockout {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
  private readonly failures = new Map<string, number[]>();
  private readonly locked = new Map<string, LockState>();

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    opts: LockoutOptions = {},
  ) {
    this.maxFailures = opts.maxFailures ?? 10;
    this.windowMs = opts.windowMs ?? 60_000;
    this.lockMs = opts.lockMs ?? 60_000;
  }

  /** The lock on this IP, if one is in force now. */
  lockOf(ip: string): LockState | undefined {
    const l = this.locked.get(ip);
    if (!l) return undefined;
    if (this.clock.now() >= l.until) {
      this.locked.delete(ip);
      return undefined;
    }
    return l;
  }

  /** Counts a failure; returns the new lock when this failure tripped it. */
  recordFailure(ip: string): LockState | undefined {
    const now = this.clock.now();
    const recent = (this.failures.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    if (recent.length >= this.maxFailures) {
      this.failures.delete(ip);
      const lock = { until: now + this.lockMs, failures: recent.length };
      this.locked.set(ip, lock);
      return lock;
    }
    this.failures.set(ip, recent);
    this.prune(now);
    return undefined;
  }

  /** Drops windows nobody has added to for a while, so scanning IPs cannot grow the table without bound. */
  private prune(now: number): void {
    if (this.failures.size < 1024) return;
    for (const [ip, times] of this.failures) if (now - times[times.length - 1] >= this.windowMs) this.failures.delete(ip);
  }
}
