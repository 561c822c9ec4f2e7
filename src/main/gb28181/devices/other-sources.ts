// Sources other than a device's registered one that sent requests naming it (refused with 403): a short list
// per device for the installer (a device that moved, a second device with the same ID, or a forger). Bounded
// per device; the oldest source drops out. Kept in memory only.
import type { SipAddress } from '../../sip/message/types';
import { peerKey } from '../../sip/transport/transport';
import type { OtherSource } from '../../../shared/types/devices';

const PER_DEVICE = 8;
/** A source's refusals are logged when first seen and then at most once a minute. */
const LOG_EVERY_MS = 60_000;

interface Entry extends OtherSource {
  loggedAt: number;
}

export class OtherSources {
  private readonly byDevice = new Map<string, Map<string, Entry>>();

  /** Notes one refused request; true when it should be logged now. */
  note(deviceId: string, source: SipAddress, what: string, now: number): { entry: OtherSource; log: boolean } {
    let seen = this.byDevice.get(deviceId);
    if (!seen) {
      seen = new Map();
      this.byDevice.set(deviceId, seen);
    }
    const key = `${peerKey(source.address, source.port)}/${source.transport.toLowerCase()}`;
    let e = seen.get(key);
    const fresh = !e;
    if (!e) {
      if (seen.size >= PER_DEVICE) seen.delete(seen.keys().next().value as string);
      e = { source: key, what, count: 0, firstAt: now, lastAt: now, loggedAt: 0 };
    }
    seen.delete(key);
    seen.set(key, e);
    e.count++;
    e.lastAt = now;
    e.what = what;
    const log = fresh || now - e.loggedAt >= LOG_EVERY_MS;
    if (log) e.loggedAt = now;
    return { entry: strip(e), log };
  }

  of(deviceId: string): OtherSource[] {
    return [...(this.byDevice.get(deviceId)?.values() ?? [])].map(strip).reverse();
  }

  forget(deviceId: string): void {
    this.byDevice.delete(deviceId);
  }
}

function strip(e: Entry): OtherSource {
  return { source: e.source, what: e.what, count: e.count, firstAt: e.firstAt, lastAt: e.lastAt };
}
