// Every device's channels in memory, and how a catalog (Response or NOTIFY) changes them. Persisting and
// announcing the change is the registry's job; this answers what changed. A channel is kept with its strings
// shared through a pool (its own ID copied out of the message), as the values repeat from channel to channel.
import type { Channel } from '../../../shared/types/devices';
import { keptCopy } from '../../sip/message/kept';
import { changeFromNotifyItem, channelFromItem, deviceGivenName, type CatalogEntry } from './channel-map';
import { ValuePool } from './value-pool';

export interface ChannelDelta {
  saved: Channel[];
  removed: string[];
}

export class ChannelTable {
  private readonly byDevice = new Map<string, Map<string, Channel>>();
  /** Device ID -> when its list last changed (see changedAt); no entry: not since the table was loaded. */
  private readonly stamps = new Map<string, number>();

  constructor(private readonly pool = new ValuePool()) {}

  /** Channels as stored; with `now`, a change to each device they belong to (not at start-up). */
  load(channels: Iterable<Channel>, now?: number): void {
    for (const c of channels) {
      const k = this.kept(c, c.deviceId);
      this.mapOf(k.deviceId).set(k.channelId, k);
      if (now !== undefined) this.stamp(k.deviceId, now);
    }
  }

  /**
   * When the device's channel list last changed here (ms), strictly later at each change even within one
   * millisecond: a console that holds the list and does not take channel.changed fetches it again when this moves.
   */
  changedAt(deviceId: string): number | undefined {
    return this.stamps.get(deviceId);
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
    this.stamps.delete(deviceId);
  }

  /** A whole catalog: every item is stored; channels not in it are removed only when it is complete. */
  applyCatalog(deviceId: string, entries: CatalogEntry[], complete: boolean, now: number): ChannelDelta & { received: number } {
    const map = this.mapOf(deviceId);
    const seen = new Set<string>();
    const saved: Channel[] = [];
    for (const e of entries) {
      if (!e.item.deviceId || seen.has(e.item.deviceId)) continue;
      seen.add(e.item.deviceId);
      const c = this.kept(keepCustomName(channelFromItem(deviceId, e, now), map.get(e.item.deviceId)), deviceId);
      map.set(c.channelId, c);
      saved.push(c);
    }
    const removed = complete ? [...map.keys()].filter((id) => !seen.has(id)) : [];
    for (const id of removed) map.delete(id);
    this.stamp(deviceId, now);
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
        const c = this.kept(keepCustomName(change.channel, map.get(change.channel.channelId)), deviceId);
        map.set(c.channelId, c);
        saved.push(c);
      }
    }
    if (saved.length || removed.length) this.stamp(deviceId, now);
    return { saved, removed };
  }

  /** The installer's name for a channel ('' or blank: back to the device's own); undefined when it is not known. */
  rename(deviceId: string, channelId: string, name: string, now: number): Channel | undefined {
    const map = this.byDevice.get(deviceId);
    const old = map?.get(channelId);
    if (!map || !old) return undefined;
    const customName = name.trim() || null;
    const c = this.kept({ ...old, customName, name: customName ?? deviceGivenName(old), updatedAt: now }, old.deviceId);
    map.set(channelId, c);
    this.stamp(deviceId, now);
    return c;
  }

  private stamp(deviceId: string, now: number): void {
    const last = this.stamps.get(deviceId);
    this.stamps.set(deviceId, last === undefined || now > last ? now : last + 1);
  }

  /**
   * The channel as kept (changed in place: it is a new object of this table's): `deviceId` is the caller's
   * string (the registry passes its record's), the channel's own ID a copy, every other string the pool's. A parsed
   * field equal to the item's element it was read from takes that element's pooled string without a second look-up.
   */
  private kept(c: Channel, deviceId: string): Channel {
    const raw = c.raw;
    this.pool.shareTree(raw, 'DeviceID');
    c.deviceId = deviceId;
    c.channelId = keptCopy(c.channelId);
    const rawId = raw.DeviceID;
    if (typeof rawId === 'string') raw.DeviceID = rawId === c.channelId ? c.channelId : keptCopy(rawId);
    c.name = this.sharedAs(c.name, raw.Name);
    if (typeof c.customName === 'string') c.customName = this.pool.share(c.customName);
    c.status = this.sharedAs(c.status, raw.Status);
    c.manufacturer = this.sharedAs(c.manufacturer, raw.Manufacturer);
    c.model = this.sharedAs(c.model, raw.Model);
    c.owner = this.sharedAs(c.owner, raw.Owner);
    c.civilCode = this.sharedAs(c.civilCode, raw.CivilCode);
    c.block = this.sharedAs(c.block, raw.Block);
    c.address = this.sharedAs(c.address, raw.Address);
    c.parentId = this.sharedAs(c.parentId, raw.ParentID);
    c.businessGroupId = this.sharedAs(c.businessGroupId, raw.BusinessGroupID);
    c.ipAddress = this.sharedAs(c.ipAddress, raw.IPAddress);
    return c;
  }

  /** `v` as kept: the pooled element it was read from when equal, else the pool's copy. */
  private sharedAs<T extends string | null>(v: T, sent: unknown): T {
    if (v === null) return v;
    return (v === sent ? sent : this.pool.share(v)) as T;
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
