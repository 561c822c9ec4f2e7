// Flattens the device tree (devices -> channels) and the organisation tree into the rows a virtualised list draws.
// Pure functions: the store feeds them, the tree component renders their output.
import type { ChannelView, DeviceSummary, OrgTreeNode } from '../../../shared/contract';
import { channelTails, deviceTails, duplicateTails } from './names';

export type TreeNodeKind = 'device' | 'channel' | OrgTreeNode['kind'];

export interface TreeRow {
  /** Unique among rows: 'd:<deviceId>', 'c:<deviceId>/<channelId>', 'o:<path of ids>'. */
  key: string;
  kind: TreeNodeKind;
  /** 1-based depth (aria-level). */
  level: number;
  id: string;
  name: string;
  /** Distinguishing tail of the ID, shown beside a name another row at this place shares. */
  tail: string | null;
  deviceId: string;
  channelId: string | null;
  online: boolean | null;
  /** A channel shown offline because its device is offline. */
  deviceOffline: boolean;
  /** Online/total channels below this row, when it has any. */
  counts: { online: number; total: number } | null;
  hasChildren: boolean;
  expanded: boolean;
  /** Opened by the filter (a match further down), so it cannot be closed while the filter holds. */
  forced: boolean;
  posInSet: number;
  setSize: number;
  parentKey: string | null;
}

export interface TreeFilter {
  query: string;
  offlineOnly: boolean;
}

/** Query normalised the way names are compared: NFKC (full-width digits from Chinese IMEs), trimmed, lower case. */
export function normaliseQuery(query: string): string {
  return query.normalize('NFKC').trim().toLowerCase();
}

const searchKeys = new WeakMap<object, string>();
function searchKey(item: { name: string }, id: string): string {
  let key = searchKeys.get(item);
  if (key === undefined) {
    key = `${id}\u0000${item.name.normalize('NFKC').toLowerCase()}`;
    searchKeys.set(item, key);
  }
  return key;
}

export function deviceMatches(d: DeviceSummary, q: string): boolean {
  return q === '' || searchKey(d, d.deviceId).includes(q);
}

export function channelMatches(c: ChannelView, q: string): boolean {
  return q === '' || searchKey(c, c.channelId).includes(q);
}

export function deviceKey(deviceId: string): string {
  return `d:${deviceId}`;
}
export function channelKey(deviceId: string, channelId: string): string {
  return `c:${deviceId}/${channelId}`;
}

/** A channel is reachable only through its device: whatever its last catalog said, it is offline with the device. */
export function channelOnline(device: Pick<DeviceSummary, 'online'> | undefined, channel: Pick<ChannelView, 'online'>): boolean {
  return (device?.online ?? true) && channel.online;
}

/** Online channels of a device as the console shows them: none while the device itself is offline. */
export function onlineChannelCount(d: DeviceSummary): number {
  return d.online ? d.onlineChannelCount : 0;
}

/** A device passes "offline only" when it or any of its channels is offline. */
function deviceHasOffline(d: DeviceSummary, channels: ChannelView[] | undefined): boolean {
  if (!d.online || d.onlineChannelCount < d.channelCount) return true;
  return channels?.some((c) => !c.online) ?? false;
}

/** The devices shown for a filter (used by the device table too), in the given order. */
export function filterDevices(devices: readonly DeviceSummary[], channels: ReadonlyMap<string, ChannelView[]>, filter: TreeFilter): DeviceSummary[] {
  const q = normaliseQuery(filter.query);
  if (q === '' && !filter.offlineOnly) return devices as DeviceSummary[];
  return devices.filter((d) => {
    const chs = channels.get(d.deviceId);
    if (filter.offlineOnly && !deviceHasOffline(d, chs)) return false;
    if (deviceMatches(d, q)) return true;
    return chs?.some((c) => channelMatches(c, q) && (!filter.offlineOnly || !channelOnline(d, c))) ?? false;
  });
}

export function flattenDevices(
  devices: readonly DeviceSummary[],
  channels: ReadonlyMap<string, ChannelView[]>,
  expanded: ReadonlySet<string>,
  filter: TreeFilter,
): TreeRow[] {
  const q = normaliseQuery(filter.query);
  const shown: { device: DeviceSummary; children: ChannelView[] | null; forced: boolean }[] = [];
  for (const device of devices) {
    const all = channels.get(device.deviceId);
    if (filter.offlineOnly && !deviceHasOffline(device, all)) continue;
    const candidates = filter.offlineOnly ? all?.filter((c) => !channelOnline(device, c)) : all;
    const selfMatch = deviceMatches(device, q);
    let children: ChannelView[] | null = null;
    if (selfMatch) {
      if (expanded.has(device.deviceId) && candidates) children = candidates;
    } else {
      // Shown only for its matching channels, which are opened so the match is visible.
      const hits = candidates?.filter((c) => channelMatches(c, q));
      if (!hits || hits.length === 0) continue;
      children = hits;
    }
    shown.push({ device, children, forced: !selfMatch });
  }
  const rows: TreeRow[] = [];
  const dTails = deviceTails(devices);
  shown.forEach(({ device, children, forced }, i) => {
    const key = deviceKey(device.deviceId);
    const loaded = channels.get(device.deviceId);
    const cTails = loaded ? channelTails(loaded) : null;
    rows.push({
      key,
      kind: 'device',
      level: 1,
      id: device.deviceId,
      name: device.name,
      tail: dTails.get(device.deviceId) ?? null,
      deviceId: device.deviceId,
      channelId: null,
      online: device.online,
      deviceOffline: false,
      counts: device.channelCount > 0 || (loaded?.length ?? 0) > 0 ? { online: onlineChannelCount(device), total: device.channelCount } : null,
      hasChildren: device.channelCount > 0 || (loaded?.length ?? 0) > 0,
      expanded: forced || expanded.has(device.deviceId),
      forced,
      posInSet: i + 1,
      setSize: shown.length,
      parentKey: null,
    });
    children?.forEach((c, j) =>
      rows.push({
        key: channelKey(device.deviceId, c.channelId),
        kind: 'channel',
        level: 2,
        id: c.channelId,
        name: c.name,
        tail: cTails?.get(c.channelId) ?? null,
        deviceId: device.deviceId,
        channelId: c.channelId,
        online: channelOnline(device, c),
        deviceOffline: !device.online,
        counts: null,
        hasChildren: false,
        expanded: false,
        forced: false,
        posInSet: j + 1,
        setSize: children.length,
        parentKey: key,
      }),
    );
  });
  return rows;
}

export type OrgCounts = Map<OrgTreeNode, { online: number; total: number }>;

/** The organisation tree with every channel of an offline device marked offline (nodes copied only where that changes). */
export function withDeviceState(nodes: readonly OrgTreeNode[], devices: ReadonlyMap<string, DeviceSummary>): OrgTreeNode[] {
  const visit = (n: OrgTreeNode): OrgTreeNode => {
    const children = n.children.map(visit);
    const offlineChannel = n.kind === 'channel' && n.online !== false && devices.get(n.deviceId)?.online === false;
    if (!offlineChannel && children.every((c, i) => c === n.children[i])) return n;
    return { ...n, children, ...(offlineChannel ? { online: false } : {}) };
  };
  return nodes.map(visit);
}

/** Online/total channels under every node of the organisation tree. */
export function countOrgTree(nodes: readonly OrgTreeNode[]): OrgCounts {
  const counts: OrgCounts = new Map();
  const visit = (node: OrgTreeNode): { online: number; total: number } => {
    const own = node.kind === 'channel' ? { online: node.online ? 1 : 0, total: 1 } : { online: 0, total: 0 };
    for (const child of node.children) {
      const c = visit(child);
      own.online += c.online;
      own.total += c.total;
    }
    counts.set(node, own);
    return own;
  };
  nodes.forEach(visit);
  return counts;
}

function orgNodeMatches(node: OrgTreeNode, q: string): boolean {
  return q === '' || searchKey(node, node.id).includes(q);
}

/**
 * The organisation tree (CivilCode / BusinessGroupID / ParentID) as rows. With a query, branches without a match are
 * dropped and branches holding one are opened; "offline only" keeps offline channels and devices and their ancestors.
 */
export function flattenOrg(nodes: readonly OrgTreeNode[], expanded: ReadonlySet<string>, filter: TreeFilter, counts: OrgCounts): TreeRow[] {
  const q = normaliseQuery(filter.query);
  const filtering = q !== '' || filter.offlineOnly;
  const rows: TreeRow[] = [];

  const passesOffline = (n: OrgTreeNode) => !filter.offlineOnly || ((n.kind === 'channel' || n.kind === 'device') && n.online === false);

  // Whether a node is kept, and whether it is kept only for something below it (then it is opened).
  const keepCache = new Map<OrgTreeNode, boolean>();
  const keep = (n: OrgTreeNode, ancestorMatched: boolean): boolean => {
    if (!filtering) return true;
    const cacheable = !ancestorMatched;
    if (cacheable && keepCache.has(n)) return keepCache.get(n)!;
    const matched = ancestorMatched || orgNodeMatches(n, q);
    const result = (matched && passesOffline(n)) || n.children.some((c) => keep(c, matched));
    if (cacheable) keepCache.set(n, result);
    return result;
  };

  const walk = (list: readonly OrgTreeNode[], level: number, parentKey: string | null, path: string, ancestorMatched: boolean) => {
    const visible = list.filter((n) => keep(n, ancestorMatched));
    const tails = duplicateTails(visible.map((n) => ({ name: n.name, id: n.id })));
    visible.forEach((n, i) => {
      const key = `${path}/${n.id}`;
      const selfMatched = ancestorMatched || (q !== '' && orgNodeMatches(n, q));
      const keptChildren = filtering ? n.children.filter((c) => keep(c, selfMatched)) : n.children;
      // Opened by the user, or by the filter when the match is further down.
      const forced = filtering && keptChildren.length > 0 && !(selfMatched && passesOffline(n) && !filter.offlineOnly);
      const open = keptChildren.length > 0 && (expanded.has(key) || forced);
      const c = counts.get(n);
      rows.push({
        key,
        kind: n.kind,
        level,
        id: n.id,
        name: n.name,
        tail: tails.get(n.id) ?? null,
        deviceId: n.deviceId,
        channelId: n.kind === 'channel' ? n.id : null,
        online: n.online ?? null,
        deviceOffline: false,
        counts: n.kind !== 'channel' && c && c.total > 0 ? c : null,
        hasChildren: keptChildren.length > 0,
        expanded: open,
        forced,
        posInSet: i + 1,
        setSize: visible.length,
        parentKey,
      });
      if (open) walk(keptChildren, level + 1, key, key, selfMatched);
    });
  };
  walk(nodes, 1, null, 'o:', false);
  return rows;
}
