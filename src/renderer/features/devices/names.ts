// How devices and channels are named on screen so that equal names ("IP CAMERA" on every Hikvision) can be told
// apart: a duplicate name gets the shortest distinguishing tail of its ID, and a channel's full label names its
// device. Pure functions; results are cached per list object (the store replaces lists when they change).
import type { ChannelView, DeviceSummary } from '../../../shared/contract';

const MIN_TAIL = 4;

/** The shortest tail of `id` (at least 4 characters) that none of `others` ends with. */
export function idTail(id: string, others: readonly string[]): string {
  for (let k = Math.min(MIN_TAIL, id.length); k < id.length; k++) {
    const tail = id.slice(-k);
    if (!others.some((o) => o !== id && o.endsWith(tail))) return tail;
  }
  return id;
}

/** Tails for the items whose name is shared with another item; items with a unique name are absent. */
export function duplicateTails(items: readonly { name: string; id: string }[]): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const item of items) {
    if (!item.name) continue;
    const key = item.name.normalize('NFKC').trim().toLowerCase();
    const ids = byName.get(key);
    if (ids) ids.push(item.id);
    else byName.set(key, [item.id]);
  }
  const tails = new Map<string, string>();
  for (const ids of byName.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) tails.set(id, idTail(id, ids));
  }
  return tails;
}

/** "IP CAMERA …0001" for a duplicate name, the name alone otherwise, the ID when there is no name. */
export function withTail(name: string, id: string, tail: string | undefined | null): string {
  if (!name) return id;
  return tail ? `${name} …${tail}` : name;
}

const deviceTailCache = new WeakMap<object, Map<string, string>>();
const channelTailCache = new WeakMap<object, Map<string, string>>();

export function deviceTails(devices: ReadonlyMap<string, DeviceSummary> | readonly DeviceSummary[]): Map<string, string> {
  let tails = deviceTailCache.get(devices);
  if (!tails) {
    const list = Array.isArray(devices) ? (devices as readonly DeviceSummary[]) : [...(devices as ReadonlyMap<string, DeviceSummary>).values()];
    tails = duplicateTails(list.map((d) => ({ name: d.name, id: d.deviceId })));
    deviceTailCache.set(devices, tails);
  }
  return tails;
}

export function channelTails(channels: readonly ChannelView[]): Map<string, string> {
  let tails = channelTailCache.get(channels);
  if (!tails) {
    tails = duplicateTails(channels.map((c) => ({ name: c.name, id: c.channelId })));
    channelTailCache.set(channels, tails);
  }
  return tails;
}

export interface NamingSource {
  devices: ReadonlyMap<string, DeviceSummary>;
  channels: ReadonlyMap<string, ChannelView[]>;
}

/** The device as named on screen. */
export function deviceLabel(s: NamingSource, deviceId: string): string {
  const d = s.devices.get(deviceId);
  return withTail(d?.name ?? '', deviceId, deviceTails(s.devices).get(deviceId));
}

/**
 * A channel named with its device: `format(channel, device)` words the pair; a single-channel camera whose channel
 * has its device's name is named once. `fallback` is the name known without the store (a tile's own name).
 */
export function channelLabel(s: NamingSource, deviceId: string, channelId: string, fallback: string | undefined, format: (channel: string, device: string) => string): string {
  const list = s.channels.get(deviceId);
  const c = list?.find((x) => x.channelId === channelId);
  const name = c?.name || (fallback && fallback !== channelId ? fallback : '');
  const device = deviceLabel(s, deviceId);
  const deviceName = s.devices.get(deviceId)?.name ?? '';
  if (name && name === deviceName && (list?.length ?? 1) === 1) return device;
  const channel = withTail(name, channelId, list ? channelTails(list).get(channelId) : undefined);
  return s.devices.has(deviceId) ? format(channel, device) : channel;
}
