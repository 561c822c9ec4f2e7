// Registration failures for diagnostics: one entry per device and reason, with how often and when, and the
// sentence an installer reads ("device 3402... at 10.0.0.7:5060 sent a wrong password (3rd time)").
import type { RegistrationFailure, RegistrationFailureReason, SipTransport } from '../../../shared/types/devices';
import { ordinal } from './ordinal';

export interface FailureContext {
  deviceId: string;
  /** "ip:port" the REGISTER came from. */
  address: string;
  transport: SipTransport;
  /** Reason-specific detail: the mismatch text, the header fault, the lock, ... */
  detail?: string;
}

/** The installer's sentence for a failure seen for the `count`-th time. */
export function failureMessage(reason: RegistrationFailureReason, ctx: FailureContext, count: number): string {
  const times = `(${ordinal(count)} time)`;
  const who = `device ${ctx.deviceId} at ${ctx.address}`;
  switch (reason) {
    case 'wrong-password':
      return `${who} sent a wrong password ${times}; set the same password on the device and in the console`;
    case 'bad-device-id':
      return `a device at ${ctx.address} was refused: ${ctx.detail ?? 'its ID is not 20 digits'} ${times}`;
    case 'wrong-target':
      return `${who} ${ctx.detail ?? 'registered to another server'}; refused because the strict server ID check is on ${times}`;
    case 'not-allowed':
      return `${who} is not on the allowlist; add it in the console or set admission to open ${times}`;
    case 'locked-out':
      return `${who} was refused without a challenge: ${ctx.detail ?? 'its IP is locked out'} ${times}`;
    case 'bad-request':
      return `${who} sent credentials that cannot be checked: ${ctx.detail ?? 'unreadable Authorization header'} ${times}`;
  }
}

export interface FailureSink {
  /** Persist the entry (called with every change). */
  save(f: RegistrationFailure): void;
  clear(deviceId: string): void;
}

export class FailureTracker {
  private readonly entries = new Map<string, RegistrationFailure>();

  constructor(
    private readonly sink: FailureSink,
    initial: RegistrationFailure[] = [],
  ) {
    for (const f of initial) this.entries.set(key(f.deviceId, f.reason), { ...f });
  }

  record(reason: RegistrationFailureReason, ctx: FailureContext, now: number): RegistrationFailure {
    const k = key(ctx.deviceId, reason);
    const prev = this.entries.get(k);
    const count = (prev?.count ?? 0) + 1;
    const f: RegistrationFailure = {
      deviceId: ctx.deviceId,
      address: ctx.address,
      transport: ctx.transport,
      reason,
      message: failureMessage(reason, ctx, count),
      count,
      firstAt: prev?.firstAt ?? now,
      lastAt: now,
    };
    this.entries.set(k, f);
    this.sink.save(f);
    return f;
  }

  /** Failures of one device (all reasons), newest first. */
  of(deviceId: string): RegistrationFailure[] {
    return this.list().filter((f) => f.deviceId === deviceId);
  }

  list(): RegistrationFailure[] {
    return [...this.entries.values()].sort((a, b) => b.lastAt - a.lastAt);
  }

  clear(deviceId: string): boolean {
    let removed = false;
    for (const [k, f] of this.entries) {
      if (f.deviceId === deviceId) {
        this.entries.delete(k);
        removed = true;
      }
    }
    if (removed) this.sink.clear(deviceId);
    return removed;
  }
}

function key(deviceId: string, reason: string): string {
  return `${deviceId}\n${reason}`;
}
