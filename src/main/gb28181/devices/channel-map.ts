// Catalog items (Response or NOTIFY) to the console's Channel objects.
import type { Channel } from '../../../shared/types/devices';
import type { XmlElement } from '../manscdp/codec';
import { optStr } from '../manscdp/fields';
import type { CatalogItem } from '../manscdp/messages/catalog';

/** A parsed Catalog item with the element it came from (kept as sent in Channel.raw). */
export interface CatalogEntry {
  item: CatalogItem;
  raw: XmlElement;
}

export function channelFromItem(deviceId: string, e: CatalogEntry, now: number): Channel {
  const it = e.item;
  return {
    deviceId,
    channelId: it.deviceId,
    name: it.name ?? it.deviceId,
    // No Status at all (common for tree nodes and some cameras): counted online with its device.
    online: it.online ?? true,
    status: it.statusRaw ?? null,
    manufacturer: it.manufacturer ?? null,
    model: it.model ?? null,
    owner: it.owner ?? null,
    civilCode: it.civilCode ?? null,
    block: it.block ?? null,
    address: it.address ?? null,
    parental: it.parental ?? false,
    parentId: it.parentId ?? null,
    businessGroupId: it.businessGroupId ?? it.info?.businessGroupId ?? null,
    ptzType: it.info?.ptzType ?? null,
    ipAddress: it.ipAddress ?? null,
    port: it.port ?? null,
    longitude: it.longitude ?? null,
    latitude: it.latitude ?? null,
    raw: e.raw as Record<string, unknown>,
    updatedAt: now,
  };
}

/** The channel's name as its device gave it (its catalog Name, else its ID). */
export function deviceGivenName(c: Channel): string {
  return optStr(c.raw as XmlElement, 'Name') ?? c.channelId;
}

/**
 * A Catalog NOTIFY event applied to a channel (GB/T 28181-2016 A.2.5, docs/protocol.md §7). ON/OFF/VLOST/DEFECT change the
 * status of a channel we know (or add it when the item carries its fields); ADD/UPDATE upsert; DEL removes.
 */
export type ChannelChange = { kind: 'upsert'; channel: Channel } | { kind: 'delete'; channelId: string };

export function changeFromNotifyItem(deviceId: string, e: CatalogEntry, existing: Channel | undefined, now: number): ChannelChange | undefined {
  const ev = e.item.event;
  const id = e.item.deviceId;
  if (!id) return undefined;
  if (ev === 'DEL') return { kind: 'delete', channelId: id };
  if (ev === 'ADD' || ev === 'UPDATE' || ev === undefined) {
    const next = channelFromItem(deviceId, e, now);
    // An UPDATE carrying only some fields keeps what we knew.
    if (existing && ev === 'UPDATE') return { kind: 'upsert', channel: mergeChannel(existing, next, e) };
    return { kind: 'upsert', channel: next };
  }
  const statusByEvent: Record<string, { status: string; online: boolean }> = {
    ON: { status: 'ON', online: true },
    OFF: { status: 'OFF', online: false },
    VLOST: { status: 'VLOST', online: false },
    DEFECT: { status: 'DEFECT', online: false },
  };
  const s = statusByEvent[ev];
  const base = existing ?? channelFromItem(deviceId, e, now);
  return { kind: 'upsert', channel: { ...base, status: s.status, online: s.online, updatedAt: now } };
}

function mergeChannel(old: Channel, next: Channel, e: CatalogEntry): Channel {
  const sent = new Set(Object.keys(e.raw));
  const keep = <K extends keyof Channel>(k: K, xml: string): Channel[K] => (sent.has(xml) ? next[k] : old[k]);
  return {
    ...old,
    name: keep('name', 'Name'),
    online: keep('online', 'Status'),
    status: keep('status', 'Status'),
    manufacturer: keep('manufacturer', 'Manufacturer'),
    model: keep('model', 'Model'),
    owner: keep('owner', 'Owner'),
    civilCode: keep('civilCode', 'CivilCode'),
    block: keep('block', 'Block'),
    address: keep('address', 'Address'),
    parental: keep('parental', 'Parental'),
    parentId: keep('parentId', 'ParentID'),
    businessGroupId: sent.has('BusinessGroupID') || next.businessGroupId ? next.businessGroupId : old.businessGroupId,
    ptzType: next.ptzType ?? old.ptzType,
    ipAddress: keep('ipAddress', 'IPAddress'),
    port: keep('port', 'Port'),
    longitude: keep('longitude', 'Longitude'),
    latitude: keep('latitude', 'Latitude'),
    raw: { ...old.raw, ...e.raw },
    updatedAt: next.updatedAt,
  };
}
