// Brute-force brake on device passwords that an attacker cannot turn against a working camera.
// Only wrong answers to a nonce issued to the sender's own address are counted (the registrar checks the nonce
// first), so spoofed packets never count: to be counted, a source must receive our challenge. Three locks:
// - device + source (ip:port): the usual case, one misconfigured or guessing sender; other cameras behind the
//   same NAT and the same camera from its own address are not affected;
// - device ID, for guesses from many sources: backs off (doubling, capped) but never applies to the address
//   the device last registered from, so the real camera keeps registering while someone guesses its password;
// - source IP, only when it sends wrong passwords for many device IDs (password spraying); again not applied to
//   a device registering from its own address.
// Every table is bounded and touched in O(1) per packet.
import type { Clock } from '../../sip/timers/clock';
import { keptCopy } from '../../sip/message/kept';
import { BoundedMap } from './bounded-map';

export interface LockoutOptions {
  /** Wrong passwords within the window that lock a device + source. Default 10. */
  maxFailures?: number;
  /** Wrong passwords from addresses it has not registered from, within the window, that back a device ID off. Default 20 (more than one source alone can send before its own lock). */
  deviceMaxFailures?: number;
  windowMs?: number;
  /** First lock length; a device ID's back-off doubles from here. Default 60 s. */
  lockMs?: number;
  /** Longest back-off for a device ID. Default 15 min. */
  maxLockMs?: number;
  /** Different device IDs with wrong passwords from one IP within the window that lock the IP. Default 20. */
  floodIds?: number;
  /** Entries per table. Default 4096. */
  maxEntries?: number;
}

export type LockScope = 'device-source' | 'device' | 'source';

export interface Lock {
  scope: LockScope;
  /** device-source and device locks. */
  deviceId?: string;
  /** The source IP (device-source and source locks). */
  ip?: string;
  /** "ip:port" (device-source locks). */
  address?: string;
  until: number;
  /** Wrong passwords (device-source, device) or device IDs (source) that set the lock. */
  failures: number;
}

interface Counter {
  start: number;
  count: number;
  until: number;
  failures: number;
}

interface DeviceCounter extends Counter {
  /** Locks in a row; each doubles the next. */
  trips: number;
}

interface SourceCounter {
  start: number;
  ids: Set<string>;
  until: number;
  failures: number;
}

export class RegistrationLockout {
  readonly maxFailures: number;
  readonly deviceMaxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
  readonly maxLockMs: number;
  readonly floodIds: number;
  private readonly pairs: BoundedMap<string, Counter & { deviceId: string; ip: string; address: string }>;
  private readonly devices: BoundedMap<string, DeviceCounter>;
  private readonly sources: BoundedMap<string, SourceCounter>;
  /** Where each device last registered from ("ip:port"). */
  private readonly homes: BoundedMap<string, string>;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    opts: LockoutOptions = {},
  ) {
    this.maxFailures = opts.maxFailures ?? 10;
    this.deviceMaxFailures = opts.deviceMaxFailures ?? 2 * this.maxFailures;
    this.windowMs = opts.windowMs ?? 60_000;
    this.lockMs = opts.lockMs ?? 60_000;
    this.maxLockMs = opts.maxLockMs ?? 15 * 60_000;
    this.floodIds = opts.floodIds ?? 20;
    const max = opts.maxEntries ?? 4096;
    this.pairs = new BoundedMap(max);
    this.devices = new BoundedMap(max);
    this.sources = new BoundedMap(max);
    this.homes = new BoundedMap(max * 4);
  }

  now(): number {
    return this.clock.now();
  }

  /** The lock that refuses this REGISTER now, if any. `home` is where the device is registered from, if known. */
  refusal(deviceId: string, ip: string, address: string, home?: string): Lock | undefined {
    const now = this.clock.now();
    const atHome = (home ?? this.homes.get(deviceId)) === address;
    const src = atHome ? undefined : this.sources.get(ip);
    if (src && src.until > now) return { scope: 'source', ip, until: src.until, failures: src.failures };
    const pair = this.pairs.get(pairKey(deviceId, address));
    if (pair && pair.until > now) return { scope: 'device-source', deviceId, ip, address, until: pair.until, failures: pair.failures };
    const dev = atHome ? undefined : this.devices.get(deviceId);
    if (dev && dev.until > now) return { scope: 'device', deviceId, until: dev.until, failures: dev.failures };
    return undefined;
  }

  /** Counts a wrong answer to a nonce issued to this source; returns the lock it tripped, if any. */
  wrongPassword(deviceId: string, ip: string, address: string, home?: string): Lock | undefined {
    const now = this.clock.now();
    const atHome = (home ?? this.homes.get(deviceId)) === address;
    const pair = this.countPair(deviceId, ip, address, now);
    const device = atHome ? undefined : this.countDevice(deviceId, now);
    const source = this.countSource(deviceId, ip, now);
    return source ?? device ?? pair;
  }

  /** A right answer: the device's home is this address, and its counter there starts over. */
  succeeded(deviceId: string, address: string): void {
    if (this.homes.get(deviceId) !== address) this.homes.set(keptCopy(deviceId), address);
    this.pairs.delete(pairKey(deviceId, address));
  }

  /** Locks in force now (for the installer). Walks the tables: for the API, not per packet. */
  list(): Lock[] {
    const now = this.clock.now();
    const out: Lock[] = [];
    for (const [ip, s] of this.sources.entries()) if (s.until > now) out.push({ scope: 'source', ip, until: s.until, failures: s.failures });
    for (const [, p] of this.pairs.entries()) {
      if (p.until > now) out.push({ scope: 'device-source', deviceId: p.deviceId, ip: p.ip, address: p.address, until: p.until, failures: p.failures });
    }
    for (const [deviceId, d] of this.devices.entries()) if (d.until > now) out.push({ scope: 'device', deviceId, until: d.until, failures: d.failures });
    return out.sort((a, b) => b.until - a.until);
  }

  /** Lifts the locks on a device ID (all its sources), on an IP (and its device + source locks), or both. */
  unlock(target: { deviceId?: string; ip?: string }): number {
    let lifted = 0;
    const now = this.clock.now();
    const lift = (c: { until: number; count?: number; ids?: Set<string> }) => {
      if (c.until > now) lifted++;
      c.until = 0;
      if (c.count !== undefined) c.count = 0;
      c.ids?.clear();
    };
    for (const [, p] of this.pairs.entries()) {
      const match = (target.deviceId === undefined || p.deviceId === target.deviceId) && (target.ip === undefined || p.ip === target.ip);
      if (match) lift(p);
    }
    if (target.deviceId !== undefined) {
      const d = this.devices.get(target.deviceId);
      if (d) {
        lift(d);
        d.trips = 0;
      }
    }
    if (target.ip !== undefined) {
      const s = this.sources.get(target.ip);
      if (s) lift(s);
    }
    return lifted;
  }

  sizes(): { pairs: number; devices: number; sources: number; homes: number } {
    return { pairs: this.pairs.size, devices: this.devices.size, sources: this.sources.size, homes: this.homes.size };
  }

  private countPair(deviceId: string, ip: string, address: string, now: number): Lock | undefined {
    const key = pairKey(deviceId, address);
    const p = this.pairs.get(key) ?? { deviceId, ip, address, start: now, count: 0, until: 0, failures: 0 };
    if (now - p.start >= this.windowMs) {
      p.start = now;
      p.count = 0;
    }
    p.count++;
    this.pairs.set(key, p);
    if (p.count < this.maxFailures) return undefined;
    p.failures = p.count;
    p.count = 0;
    p.until = now + this.lockMs;
    return { scope: 'device-source', deviceId, ip, address, until: p.until, failures: p.failures };
  }

  private countDevice(deviceId: string, now: number): Lock | undefined {
    const d = this.devices.get(deviceId) ?? { start: now, count: 0, until: 0, failures: 0, trips: 0 };
    if (d.trips > 0 && now - d.until >= this.maxLockMs) d.trips = 0;
    if (now - d.start >= this.windowMs) {
      d.start = now;
      d.count = 0;
    }
    d.count++;
    this.devices.set(deviceId, d);
    if (d.count < this.deviceMaxFailures) return undefined;
    d.failures = d.count;
    d.count = 0;
    d.trips++;
    d.until = now + Math.min(this.lockMs * 2 ** Math.min(d.trips - 1, 20), this.maxLockMs);
    return { scope: 'device', deviceId, until: d.until, failures: d.failures };
  }

  private countSource(deviceId: string, ip: string, now: number): Lock | undefined {
    const s = this.sources.get(ip) ?? { start: now, ids: new Set<string>(), until: 0, failures: 0 };
    if (now - s.start >= this.windowMs) {
      s.start = now;
      s.ids.clear();
    }
    s.ids.add(deviceId);
    this.sources.set(ip, s);
    if (s.ids.size < this.floodIds) return undefined;
    s.failures = s.ids.size;
    s.ids.clear();
    s.until = now + this.lockMs;
    return { scope: 'source', ip, until: s.until, failures: s.failures };
  }
}

function pairKey(deviceId: string, address: string): string {
  return `${deviceId}|${address}`;
}
