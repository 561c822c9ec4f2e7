// The catalog a simulated device reports: one 215 business group, two 216 virtual organisations under it,
// and the channels spread over the two organisations (GB/T 28181-2016 §9.5.3, Annex A.2.4.4).

export type CatalogKind = 'business-group' | 'virtual-org' | 'channel';

export interface CatalogEntry {
  kind: CatalogKind;
  deviceId: string;
  name: string;
  parentId: string;
  businessGroupId?: string;
  /** Channels only. */
  status?: 'ON' | 'OFF';
  ptzType?: number;
  longitude?: number;
  latitude?: number;
  /** Catalog NOTIFY only: ON, OFF, VLOST, DEFECT, ADD, DEL, UPDATE. */
  event?: string;
}

export interface ChannelState {
  channelId: string;
  name: string;
  online: boolean;
  /** Virtual organisation it hangs under. */
  parentId: string;
  /** 1 dome, 2 half-dome, 3 fixed, 4 remote-controlled fixed. */
  ptzType: number;
  longitude: number;
  latitude: number;
}

export interface CatalogTree {
  deviceId: string;
  businessGroup: { id: string; name: string };
  virtualOrgs: { id: string; name: string }[];
  channels: ChannelState[];
}

export function catalogEntries(tree: CatalogTree): CatalogEntry[] {
  const bg = tree.businessGroup;
  const out: CatalogEntry[] = [{ kind: 'business-group', deviceId: bg.id, name: bg.name, parentId: tree.deviceId }];
  for (const vo of tree.virtualOrgs) {
    out.push({ kind: 'virtual-org', deviceId: vo.id, name: vo.name, parentId: bg.id, businessGroupId: bg.id });
  }
  for (const ch of tree.channels) out.push(channelEntry(tree, ch));
  return out;
}

export function channelEntry(tree: CatalogTree, ch: ChannelState, event?: string): CatalogEntry {
  const e: CatalogEntry = {
    kind: 'channel',
    deviceId: ch.channelId,
    name: ch.name,
    parentId: ch.parentId,
    businessGroupId: tree.businessGroup.id,
    status: ch.online ? 'ON' : 'OFF',
    ptzType: ch.ptzType,
    longitude: ch.longitude,
    latitude: ch.latitude,
  };
  if (event) e.event = event;
  return e;
}

/** Splits a list into pages of at most `size` (at least one page, possibly empty). */
export function pages<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}
