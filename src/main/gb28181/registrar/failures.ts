// Registration failures for diagnostics: one entry per device and reason, with how often and when, and the
// sentence an installer reads ("device 3402... at 10.0.0.7:5060 sent a wrong password (3rd time)").
// The table is keyed by what peers send, so it is bounded: device IDs the console does not know get their own
// entries only up to a few per source IP, the rest from that IP fold into one entry; entries age out, and the
// least recently failed go first when the table is full. Every operation a packet causes is O(1).
import type { RegistrationFailure, RegistrationFailureReason, SipTransport } from '../../../shared/types/devices';
import { serverText, type ServerText } from '../../../shared/texts';
import { BoundedMap } from './bounded-map';
import { ordinal } from './ordinal';

export interface FailureContext {
  deviceId: string;
  /** "ip:port" the REGISTER came from. */
  address: string;
  transport: SipTransport;
  /** Reason-specific detail: the mismatch text, the header fault, the lock, ... */
  detail?: string;
  /** The detail as a code and parameters, where it has them (the other server a device registered to). */
  detailText?: ServerText;
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
      return `${who} ${ctx.detail ?? 'is not on the allowlist; add it in the console or set admission to open'} ${times}`;
    case 'locked-out':
      return `${who} was refused without a challenge: ${ctx.detail ?? 'its IP is locked out'} ${times}`;
    case 'bad-request':
      return `${who} sent credentials that cannot be checked: ${ctx.detail ?? 'unreadable Authorization header'} ${times}`;
  }
}

const TEXT_CODE: Record<RegistrationFailureReason, string> = {
  'wrong-password': 'reg.wrongPassword',
  'bad-device-id': 'reg.badDeviceId',
  'wrong-target': 'reg.wrongTarget',
  'not-allowed': 'reg.notAllowed',
  'locked-out': 'reg.lockedOut',
  'bad-request': 'reg.badRequest',
};

/** failureMessage as a code and parameters; a reason-specific detail (English) makes it the '...Detail' variant. */
export function failureText(reason: RegistrationFailureReason, ctx: FailureContext, count: number): ServerText {
  const params = { deviceId: ctx.deviceId, address: ctx.address, n: count, nth: ordinal(count) };
  const withDetail = ctx.detail !== undefined && reason !== 'wrong-password';
  return serverText(
    withDetail ? `${TEXT_CODE[reason]}Detail` : TEXT_CODE[reason],
    withDetail ? { ...params, detail: ctx.detailText ?? ctx.detail! } : params,
    failureMessage(reason, ctx, count),
  );
}

const SHORT: Record<RegistrationFailureReason, string> = {
  'wrong-password': 'wrong password',
  'bad-device-id': 'ID not 20 digits',
  'wrong-target': 'registered to another server',
  'not-allowed': 'not admitted',
  'locked-out': 'locked out',
  'bad-request': 'unreadable credentials',
};

/** The sentence for the entry that stands for many unknown device IDs from one IP. */
export function aggregateMessage(ip: string, reason: RegistrationFailureReason, ctx: FailureContext, count: number): string {
  return `REGISTERs from ${ip} for many device IDs this console does not know failed ${count} times (latest: ${ctx.deviceId} from ${ctx.address}, ${SHORT[reason]}); they are counted in this one entry`;
}

/** The device ID of the entry for many unknown device IDs from one IP (never a valid 20-digit ID). */
export function aggregateId(ip: string): string {
  return `*@${ip}`;
}

export interface FailureSink {
  /** Persist the entry. */
  save(f: RegistrationFailure): void;
  clear(deviceId: string): void;
}

export interface FailureTrackerOptions {
  /** Device IDs (with all their reasons) kept. Default 1000. */
  maxDevices?: number;
  /** Entries not failed again for this long are dropped. Default 7 days. */
  maxAgeMs?: number;
  /** Unknown device IDs one source IP gets separate entries for, per hour. Default 20. */
  unknownPerSource?: number;
}

export interface Recorded {
  failure: RegistrationFailure;
  /** Whether to log and announce it: always for the first few, then at powers of two. */
  report: boolean;
}

interface Group {
  reasons: Map<RegistrationFailureReason, RegistrationFailure>;
  lastAt: number;
  savedAt: number;
}

const SOURCE_WINDOW_MS = 3_600_000;
const SAVE_EVERY_MS = 1_000;

export class FailureTracker {
  private readonly groups: BoundedMap<string, Group>;
  private readonly unknownBySource: BoundedMap<string, { start: number; ids: Set<string> }>;
  private readonly maxAgeMs: number;
  private readonly unknownPerSource: number;

  constructor(
    private readonly sink: FailureSink,
    initial: RegistrationFailure[] = [],
    opts: FailureTrackerOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? 7 * 86_400_000;
    this.unknownPerSource = opts.unknownPerSource ?? 20;
    this.groups = new BoundedMap(opts.maxDevices ?? 1000, (deviceId) => this.sink.clear(deviceId));
    this.unknownBySource = new BoundedMap(4096);
    for (const f of [...initial].sort((a, b) => a.lastAt - b.lastAt)) {
      const g = this.groupOf(f.deviceId);
      g.reasons.set(f.reason, { ...f });
      g.lastAt = g.savedAt = f.lastAt;
      this.groups.set(f.deviceId, g);
    }
  }

  get size(): number {
    return this.groups.size;
  }

  /** `known`: the console has this device (its failures always get their own entry). */
  record(reason: RegistrationFailureReason, ctx: FailureContext, now: number, known = true): Recorded {
    this.ageOut(now);
    const ip = hostOf(ctx.address);
    if (!known && !this.ownEntry(ip, ctx.deviceId, now)) return this.fold(ip, reason, ctx, now);
    const g = this.groupOf(ctx.deviceId);
    const prev = g.reasons.get(reason);
    const count = (prev?.count ?? 0) + 1;
    return this.put(g, {
      deviceId: ctx.deviceId,
      address: ctx.address,
      transport: ctx.transport,
      reason,
      message: failureMessage(reason, ctx, count),
      text: failureText(reason, ctx, count),
      count,
      firstAt: prev?.firstAt ?? now,
      lastAt: now,
    });
  }

  /** Failures of one device (all reasons), newest first. */
  of(deviceId: string): RegistrationFailure[] {
    const g = this.groups.get(deviceId);
    return g ? [...g.reasons.values()].sort((a, b) => b.lastAt - a.lastAt) : [];
  }

  list(): RegistrationFailure[] {
    const out: RegistrationFailure[] = [];
    for (const [, g] of this.groups.entries()) out.push(...g.reasons.values());
    return out.sort((a, b) => b.lastAt - a.lastAt);
  }

  clear(deviceId: string): boolean {
    if (!this.groups.delete(deviceId)) return false;
    this.sink.clear(deviceId);
    return true;
  }

  /** One entry for every unknown ID from this IP past its allowance, with the latest failure in its sentence. */
  private fold(ip: string, reason: RegistrationFailureReason, ctx: FailureContext, now: number): Recorded {
    const deviceId = aggregateId(ip);
    const g = this.groupOf(deviceId);
    const prev: RegistrationFailure | undefined = g.reasons.values().next().value;
    const count = (prev?.count ?? 0) + 1;
    g.reasons.clear();
    if (prev && prev.reason !== reason) {
      // the stored row is keyed by reason too
      this.sink.clear(deviceId);
      g.savedAt = 0;
    }
    return this.put(g, {
      deviceId,
      address: ctx.address,
      transport: ctx.transport,
      reason,
      message: aggregateMessage(ip, reason, ctx, count),
      text: serverText('reg.aggregate', { ip, n: count, deviceId: ctx.deviceId, address: ctx.address, reason }, aggregateMessage(ip, reason, ctx, count)),
      count,
      firstAt: prev?.firstAt ?? now,
      lastAt: now,
    });
  }

  private groupOf(deviceId: string): Group {
    return this.groups.get(deviceId) ?? { reasons: new Map(), lastAt: 0, savedAt: 0 };
  }

  /** Stores the entry as the newest; saves it when it is reported, or at most once a second otherwise. */
  private put(g: Group, f: RegistrationFailure): Recorded {
    g.reasons.set(f.reason, f);
    g.lastAt = f.lastAt;
    this.groups.set(f.deviceId, g);
    const report = f.count <= 10 || (f.count & (f.count - 1)) === 0;
    if (report || f.lastAt - g.savedAt >= SAVE_EVERY_MS) {
      g.savedAt = f.lastAt;
      this.sink.save(f);
    }
    return { failure: f, report };
  }

  /** Whether an unknown ID from this IP gets an entry of its own (the first few per hour do). */
  private ownEntry(ip: string, deviceId: string, now: number): boolean {
    if (this.groups.get(deviceId)) return true;
    const s = this.unknownBySource.get(ip) ?? { start: now, ids: new Set<string>() };
    if (now - s.start >= SOURCE_WINDOW_MS) {
      s.start = now;
      s.ids.clear();
    }
    this.unknownBySource.set(ip, s);
    if (s.ids.has(deviceId)) return true;
    if (s.ids.size >= this.unknownPerSource) return false;
    s.ids.add(deviceId);
    return true;
  }

  /** The oldest entries are at the front: drop those past the age limit. */
  private ageOut(now: number): void {
    for (let first = this.groups.oldest(); first && now - first[1].lastAt >= this.maxAgeMs; first = this.groups.oldest()) {
      this.groups.dropOldest();
    }
  }
}

/** "10.0.0.7:5060" -> "10.0.0.7"; "[::1]:5060" -> "::1". */
export function hostOf(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']'));
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}
