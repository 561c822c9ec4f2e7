// Per-device deadlines: the keepalive deadline (last sign of life + interval x count, GB/T 28181 §9.6) and the
// registration expiry. Each device waits in a slot of DueSlots for its earlier deadline, behind one timer for all;
// a keepalive only moves the deadline forward, and a device moves to a later slot lazily, when its slot falls due
// and it finds its deadline moved, so the busy path (a keepalive) costs no timer work. A device first waits for the
// whole second before its deadline (then, if the deadline still stands, for the rest): the lazy moves of many
// devices fall due together, one wake-up a second instead of one per device, and a device still goes offline at
// its exact deadline.
import type { Clock } from '../../sip/timers/clock';
import { DueSlots } from './due-slots';

export type OfflineCause = 'keepalive' | 'expired';

/** Devices first wait for a multiple of this before their deadline, so that they fall due together. */
const GRAIN_MS = 1_000;

interface Entry {
  keepaliveDeadline: number;
  expiresAt: number;
  armedFor: number;
  /** The instant of the slot the device waits in. */
  slot: number;
}

export class LivenessMonitor {
  private readonly entries = new Map<string, Entry>();
  private readonly slots: DueSlots;

  constructor(
    private readonly clock: Clock,
    private readonly onDeadline: (deviceId: string, cause: OfflineCause) => void,
  ) {
    this.slots = new DueSlots(clock, (ids) => this.due(ids));
  }

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
    const entry: Entry = { keepaliveDeadline, expiresAt, armedFor: Infinity, slot: NaN };
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
    this.slots.remove(deviceId, e.slot);
    this.entries.delete(deviceId);
  }

  close(): void {
    this.entries.clear();
    this.slots.clear();
  }

  private rearmIfEarlier(deviceId: string, e: Entry): void {
    if (Math.min(e.keepaliveDeadline, e.expiresAt) < e.armedFor) this.arm(deviceId, e);
  }

  private arm(deviceId: string, e: Entry): void {
    this.slots.remove(deviceId, e.slot);
    e.armedFor = Math.min(e.keepaliveDeadline, e.expiresAt);
    const grain = Math.floor(e.armedFor / GRAIN_MS) * GRAIN_MS;
    e.slot = grain > this.clock.now() ? grain : e.armedFor;
    this.slots.add(deviceId, e.slot);
  }

  private due(ids: string[]): void {
    const now = this.clock.now();
    for (const deviceId of ids) {
      const e = this.entries.get(deviceId);
      if (!e) continue;
      const cause: OfflineCause | undefined = now >= e.expiresAt ? 'expired' : now >= e.keepaliveDeadline ? 'keepalive' : undefined;
      if (!cause) {
        this.arm(deviceId, e);
        continue;
      }
      this.entries.delete(deviceId);
      try {
        this.onDeadline(deviceId, cause);
      } catch (err) {
        // A failing handler costs its own device, as a timer of its own would: the others of the slot still go.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}
