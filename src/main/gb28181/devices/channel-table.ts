// Every device's channels in memory, and how a catalog (Response or NOTIFY) changes them. Persisting and
// announcing the change is the registry's job; this answers what changed.
import type { Channel } from '../../../shared/types/devices';
import { changeFromNotifyItem, channelFromItem, deviceGivenName, type CatalogEntry } from './channel-map';

export interface ChannelDelta {
  saved: Channel[];
  removed: string[];
}

export class ChannelTable {
  private readonly byDevice = new Map<string, Map<string, Channel>>();

  load(channels: Iterable<Channel>): void {
    for (const c of channels) this.mapOf(c.deviceId).set(c.channelId, c);
  }

  /** The device's channels in ID order. */
  of(deviceId: string): Channel[] {
    return [...this.values(deviceId)].sort((a, b) => a.channelId.localeCompare(b.channelId));
  }

  values(deviceId: string): Iterable<Channel> {
    return this.byDevice.get(deviceId)?.values() ?? [];
  }

  /** Devices whose catalog has been received (or that were given channels otherwise). */
  get devices(): number {
    return this.byDevice.size;
  }

  forget(deviceId: string): void {
    this.byDevice.delete(deviceId);
  }

  /** A whole catalog: every item is stored; channels not in it are removed only when it is complete. */
  applyCatalog(deviceId: string, entries: CatalogEntry[], complete: boolean, now: number): ChannelDelta & { received: number } {
    const map = this.mapOf(deviceId);
    const seen = new Set<string>();
    const saved: Channel[] = [];
    for (const e of entries) {
      if (!e.item.deviceId || seen.has(e.item.deviceId)) continue;
      seen.add(e.item.deviceId);
      const c = keepCustomName(channelFromItem(deviceId, e, now), map.get(e.item.deviceId));
      map.set(c.channelId, c);
      saved.push(c);
    }
    const removed = complete ? [...map.keys()].filter((id) => !seen.has(id)) : [];
    for (const id of removed) map.delete(id);
    return { saved, removed, received: seen.size };
  }

  /** Catalog NOTIFY items with their Event values (docs/protocol.md §7). */
  applyChanges(deviceId: string, entries: CatalogEntry[], now: number): ChannelDelta {
    const map = this.mapOf(deviceId);
    const saved: Channel[] = [];
    const removed: string[] = [];
    for (const e of entries) {
      const change = changeFromNotifyItem(deviceId, e, map.get(e.item.deviceId), now);
      if (!change) continue;
      if (change.kind === 'delete') {
        if (map.delete(change.channelId)) removed.push(change.channelId);
      } else {
        const c = keepCustomName(change.channel, map.get(change.channel.channelId));
        map.set(c.channelId, c);
        saved.push(c);
      }
    }
    return { saved, removed };
  }

  /** The installer's name for a channel ('' or blank: back to the device's own); undefined when it is not known. */
  rename(deviceId: string, channelId: string, name: string, now: number): Channel | undefined {
    const map = this.byDevice.get(deviceId);
    const old = map?.get(channelId);
    if (!map || !old) return undefined;
    const customName = name.trim() || null;
    const c = { ...old, customName, name: customName ?? deviceGivenName(old), updatedAt: now };
    map.set(channelId, c);
    return c;
  }

  private mapOf(deviceId: string): Map<string, Channel> {
    let m = this.byDevice.get(deviceId);
    if (!m) this.byDevice.set(deviceId, (m = new Map()));
    return m;
  }
}

/** A catalog never overwrites the name the installer gave. */
function keepCustomName(c: Channel, old: Channel | undefined): Channel {
  return old?.customName ? { ...c, customName: old.customName, name: old.customName } : c;
}
