// Per-device deadlines: the keepalive deadline (last sign of life + interval x count, GB/T 28181 §9.6) and the
// registration expiry. One timer per device, armed for the earlier deadline; a keepalive only moves the
// deadline forward, and the timer re-arms itself lazily when it finds the deadline moved, so the busy path
// (a keepalive) costs no timer churn. Timers are set for the whole second before their deadline (then, if the
// deadline still stands, for the rest): the lazy re-arms of many devices fall due together, one wake-up a second
// instead of one per device, and a device still goes offline at its exact deadline.
import type { Clock, TimerHandle } from '../../sip/timers/clock';

export type OfflineCause = 'keepalive' | 'expired';

/** Timers never wait longer than this; a later deadline re-arms when it fires (setTimeout overflows past 2^31 ms). */
const MAX_WAIT_MS = 6 * 3600_000;
/** Timers are set for a multiple of this before their deadline, so that they fall due together. */
const GRAIN_MS = 1_000;

interface Entry {
  keepaliveDeadline: number;
  expiresAt: number;
  armedFor: number;
  timer: TimerHandle | undefined;
}

export class LivenessMonitor {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly onDeadline: (deviceId: string, cause: OfflineCause) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Start or restart watching a device. */
  watch(deviceId: string, keepaliveDeadline: number, expiresAt: number): void {
    const e = this.entries.get(deviceId);
    if (e) {
      e.keepaliveDeadline = keepaliveDeadline;
      e.expiresAt = expiresAt;
      this.rearmIfEarlier(deviceId, e);
      return;
    }
    const entry: Entry = { keepaliveDeadline, expiresAt, armedFor: Infinity, timer: undefined };
    this.entries.set(deviceId, entry);
    this.arm(deviceId, entry);
  }

  /** A keepalive (or any sign of life): push the keepalive deadline. */
  alive(deviceId: string, keepaliveDeadline: number): void {
    const e = this.entries.get(deviceId);
    if (!e) return;
    e.keepaliveDeadline = keepaliveDeadline;
    this.rearmIfEarlier(deviceId, e);
  }

  deadlines(deviceId: string): { keepaliveDeadline: number; expiresAt: number } | undefined {
    const e = this.entries.get(deviceId);
    return e && { keepaliveDeadline: e.keepaliveDeadline, expiresAt: e.expiresAt };
  }

  forget(deviceId: string): void {
    const e = this.entries.get(deviceId);
    if (!e) return;
    if (e.timer !== undefined) this.clock.clearTimeout(e.timer);
    this.entries.delete(deviceId);
  }

  close(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
  }

  private rearmIfEarlier(deviceId: string, e: Entry): void {
    if (Math.min(e.keepaliveDeadline, e.expiresAt) < e.armedFor) this.arm(deviceId, e);
  }

  private arm(deviceId: string, e: Entry): void {
    if (e.timer !== undefined) this.clock.clearTimeout(e.timer);
    e.armedFor = Math.min(e.keepaliveDeadline, e.expiresAt);
    const now = this.clock.now();
    const grain = Math.floor(e.armedFor / GRAIN_MS) * GRAIN_MS;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, (grain > now ? grain : e.armedFor) - now));
    e.timer = this.clock.setTimeout(() => this.fire(deviceId, e), wait);
  }

  private fire(deviceId: string, e: Entry): void {
    if (this.entries.get(deviceId) !== e) return;
    e.timer = undefined;
    const now = this.clock.now();
    const cause: OfflineCause | undefined = now >= e.expiresAt ? 'expired' : now >= e.keepaliveDeadline ? 'keepalive' : undefined;
    if (!cause) {
      this.arm(deviceId, e);
      return;
    }
    this.entries.delete(deviceId);
    this.onDeadline(deviceId, cause);
  }
}
