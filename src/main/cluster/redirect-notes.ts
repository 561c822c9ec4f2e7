// What other instances told this one as they redirected devices here: the device (kept here when it registers,
// not redirected again) and the sender's load at that moment (fresher than its card, which is a beat old). Both
// keyed by what peers send, so bounded: notes by RecentDevices, loads to the last `maxInstances` senders.
import { RecentDevices } from './recent-devices';

export interface RedirectNote {
  deviceId: string;
  from: string;
  load: number;
}

export class RedirectNotes {
  private readonly devices: RecentDevices;
  private readonly loads = new Map<string, { load: number; at: number }>();

  constructor(
    private readonly ttlMs: number,
    maxDevices = 20_000,
    private readonly maxInstances = 64,
  ) {
    this.devices = new RecentDevices(ttlMs, maxDevices);
  }

  heard(n: RedirectNote, now: number): void {
    this.devices.note(n.deviceId, now);
    this.loads.delete(n.from);
    this.loads.set(n.from, { load: n.load, at: now });
    if (this.loads.size > this.maxInstances) this.loads.delete(this.loads.keys().next().value!);
  }

  sentHere(deviceId: string, now: number): boolean {
    return this.devices.has(deviceId, now);
  }

  /** The load `instance` reported in its last note, while recent. */
  loadOf(instance: string, now: number): number | undefined {
    const l = this.loads.get(instance);
    return l && now - l.at < this.ttlMs ? l.load : undefined;
  }
}

/** A note as it arrives from Redis, or undefined when it is not one. */
export function readRedirectNote(text: string): RedirectNote | undefined {
  try {
    const n = JSON.parse(text) as Partial<RedirectNote> | null;
    if (!n || typeof n.deviceId !== 'string' || n.deviceId.length > 64 || typeof n.from !== 'string' || n.from.length > 200) return undefined;
    if (typeof n.load !== 'number' || !Number.isSafeInteger(n.load) || n.load < 0) return undefined;
    return { deviceId: n.deviceId, from: n.from, load: n.load };
  } catch {
    return undefined;
  }
}
