// Devices, their channels and the organisation tree as the console knows them, kept current by API events.
// Events are applied in batches (every 100 ms, the latest state of each device) so a registration storm of
// thousands of devices is a few store updates, not one per event.
import { isOrganisationNodeId } from '../../../shared/gb-ids';
import { create } from 'zustand';
import { channelView } from '../../../shared/channel-view';
import type { ApiEvents, ChannelView, DeviceSummary, OrgTreeNode } from '../../../shared/contract';
import { api } from '../../api/client';
import { PendingEvents, type PendingEvent } from './pending-events';

/** Below this many channels in total, all channels are fetched at start so search covers them. */
const EAGER_CHANNEL_LIMIT = 5000;
/**
 * Keepalives move a device's "last seen" without an event (one per keepalive would flood the console), so the list
 * is read again this often; a large fleet less often.
 */
const SEEN_REFRESH_MS = 10_000;
const SEEN_REFRESH_LARGE_MS = 60_000;
const LARGE_FLEET = 1000;

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';
export type TreeView = 'devices' | 'org';
export type DevicesPanel = 'list' | 'problems' | 'setup';

interface DeviceState {
  devices: ReadonlyMap<string, DeviceSummary>;
  /** Device IDs in display order. */
  order: readonly DeviceSummary[];
  listState: LoadState;
  listError: unknown;
  channels: ReadonlyMap<string, ChannelView[]>;
  channelErrors: ReadonlyMap<string, unknown>;
  org: readonly OrgTreeNode[];
  orgState: LoadState;
  orgError: unknown;

  view: TreeView;
  query: string;
  offlineOnly: boolean;
  expanded: ReadonlySet<string>;
  orgExpanded: ReadonlySet<string>;
  selectedDeviceId: string | null;
  selectedChannelId: string | null;
  /** Sub-view of the Devices tab. */
  panel: DevicesPanel;

  load(): Promise<void>;
  loadChannels(deviceId: string, force?: boolean): Promise<void>;
  loadOrg(): Promise<void>;
  setView(view: TreeView): void;
  setQuery(query: string): void;
  setOfflineOnly(on: boolean): void;
  setExpanded(key: string, open: boolean, view?: TreeView): void;
  select(deviceId: string | null, channelId?: string | null): void;
  setPanel(panel: DevicesPanel): void;
  /** Puts a device the API just returned into the list (after add/update) without waiting for its event. */
  upsertDevice(device: DeviceSummary): void;
  forgetDevice(deviceId: string): void;
  /** Reads the device list again and takes the newer last-seen and expiry times from it. */
  refreshSeen(): Promise<void>;
}

function sortDevices(devices: Iterable<DeviceSummary>): DeviceSummary[] {
  return [...devices].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}

const inflightChannels = new Set<string>();
/** Devices whose channels changed while a fetch was in flight: fetched once more when it ends. */
const refetchAfterInflight = new Set<string>();

export const useDevices = create<DeviceState>((set, get) => ({
  devices: new Map(),
  order: [],
  listState: 'idle',
  listError: null,
  channels: new Map(),
  channelErrors: new Map(),
  org: [],
  orgState: 'idle',
  orgError: null,
  view: 'devices',
  query: '',
  offlineOnly: false,
  expanded: new Set(),
  orgExpanded: new Set(),
  selectedDeviceId: null,
  selectedChannelId: null,
  panel: 'list',

  async load() {
    set({ listState: 'loading', listError: null });
    try {
      const list = await api.invoke('device.list', {});
      const devices = new Map(list.map((d) => [d.deviceId, d]));
      set({ devices, order: sortDevices(devices.values()), listState: 'ready' });
      const total = channelTotal(list);
      takeChannelEvents(total <= EAGER_CHANNEL_LIMIT);
      if (total > 0 && total <= EAGER_CHANNEL_LIMIT) await loadAllChannels();
      for (const id of get().expanded) if (!get().channels.has(id)) void get().loadChannels(id);
    } catch (err) {
      if (get().listState === 'loading') set({ listState: 'error', listError: err });
    }
  },

  async loadChannels(deviceId, force = false) {
    if (inflightChannels.has(deviceId)) {
      if (force) refetchAfterInflight.add(deviceId);
      return;
    }
    if (!force && get().channels.has(deviceId)) return;
    inflightChannels.add(deviceId);
    try {
      const list = await api.invoke('channel.list', { deviceId });
      const channels = new Map(get().channels);
      channels.set(deviceId, videoChannels(list.map(channelView)));
      const channelErrors = new Map(get().channelErrors);
      channelErrors.delete(deviceId);
      set({ channels, channelErrors });
    } catch (err) {
      set({ channelErrors: new Map(get().channelErrors).set(deviceId, err) });
    } finally {
      inflightChannels.delete(deviceId);
      if (refetchAfterInflight.delete(deviceId)) void get().loadChannels(deviceId, true);
    }
  },

  async loadOrg() {
    if (get().orgState === 'loading') return;
    set({ orgState: 'loading', orgError: null });
    try {
      set({ org: await api.invoke('channel.tree', {}), orgState: 'ready' });
    } catch (err) {
      set({ orgState: 'error', orgError: err });
    }
  },

  setView(view) {
    set({ view });
    if (view === 'org' && get().orgState !== 'ready') void get().loadOrg();
  },
  setQuery: (query) => set({ query }),
  setOfflineOnly: (offlineOnly) => set({ offlineOnly }),
  setExpanded(key, open, view = get().view) {
    const field = view === 'org' ? 'orgExpanded' : 'expanded';
    const next = new Set(get()[field]);
    if (open) next.add(key);
    else next.delete(key);
    set(field === 'orgExpanded' ? { orgExpanded: next } : { expanded: next });
    if (view === 'devices' && open) void get().loadChannels(key);
  },
  select(deviceId, channelId = null) {
    set({ selectedDeviceId: deviceId, selectedChannelId: channelId });
  },
  setPanel: (panel) => set({ panel }),
  upsertDevice(device) {
    queue.push({ kind: 'device', device });
    flush();
  },
  forgetDevice(deviceId) {
    queue.push({ kind: 'removed', deviceId });
    flush();
  },
  async refreshSeen() {
    if (get().listState !== 'ready') return;
    const list = await api.invoke('device.list', {});
    // Only the times are taken, each when newer: the rest may be older than an event that arrived while the list
    // was on its way. A later channelsChangedAt (an event missed while the socket was down) has an open device's
    // list read again.
    for (const fresh of list) {
      const current = get().devices.get(fresh.deviceId);
      if (!current) continue;
      const seen = (fresh.lastSeenAt ?? 0) > (current.lastSeenAt ?? 0);
      const listMoved = (fresh.channelsChangedAt ?? 0) > (current.channelsChangedAt ?? 0);
      if (!seen && !listMoved) continue;
      const device = { ...current };
      if (seen) Object.assign(device, { lastSeenAt: fresh.lastSeenAt, expiresAt: fresh.expiresAt });
      if (listMoved) device.channelsChangedAt = fresh.channelsChangedAt;
      schedule({ kind: 'device', device });
    }
  },
}));

let seenTimer: ReturnType<typeof setTimeout> | null = null;

/** Keeps "last seen" current while the console is open (see SEEN_REFRESH_MS). */
export function startSeenRefresh(): void {
  if (seenTimer) return;
  const tick = () => {
    const every = useDevices.getState().order.length > LARGE_FLEET ? SEEN_REFRESH_LARGE_MS : SEEN_REFRESH_MS;
    seenTimer = setTimeout(() => {
      const run = document.visibilityState === 'hidden' ? Promise.resolve() : useDevices.getState().refreshSeen();
      run.catch(() => undefined).finally(tick);
    }, every);
  };
  tick();
}

/** How often waiting events are applied to the store. */
export const EVENT_APPLY_MS = 100;
const queue = new PendingEvents();
let timer: ReturnType<typeof setTimeout> | null = null;
let orgTimer: ReturnType<typeof setTimeout> | null = null;

function schedule(item: PendingEvent) {
  queue.push(item);
  if (!timer) timer = setTimeout(flush, EVENT_APPLY_MS);
}

function flush() {
  if (timer) clearTimeout(timer);
  timer = null;
  const items = queue.take();
  if (items.length === 0) return;
  const state = useDevices.getState();
  const devices = new Map(state.devices);
  let channels: Map<string, ChannelView[]> | null = null;
  let orgStale = false;
  const refetch = new Set<string>();
  // Under the eager limit every device's channels are held so search covers them, including devices that appear later.
  const eager = channelTotal(devices.values()) <= EAGER_CHANNEL_LIMIT;
  for (const item of items) {
    if (item.kind === 'device') {
      const before = devices.get(item.device.deviceId);
      devices.set(item.device.deviceId, item.device);
      // A changed channel count on a device whose channels are held means channels came or went: fetch them again.
      // Without channel.changed, so does any change to its list (channelsChangedAt moved).
      const countChanged = before ? before.channelCount !== item.device.channelCount : item.device.channelCount > 0;
      const listChanged = !channelEvents && before?.channelsChangedAt !== item.device.channelsChangedAt;
      if ((countChanged && eager) || ((countChanged || listChanged) && state.channels.has(item.device.deviceId))) refetch.add(item.device.deviceId);
      if (!before || listChanged) orgStale = true;
    } else if (item.kind === 'removed') {
      devices.delete(item.deviceId);
      channels ??= new Map(state.channels);
      channels.delete(item.deviceId);
      orgStale = true;
    } else {
      channels ??= new Map(state.channels);
      const current = channels.get(item.deviceId);
      orgStale = true;
      if (!current) {
        // Not held yet: fetched in full now when eager, else when the device is opened.
        if (eager) refetch.add(item.deviceId);
        continue;
      }
      // channel.changed carries the device's whole channel list, so deleted channels go too.
      channels.set(item.deviceId, videoChannels(item.channels));
    }
  }
  const patch: Partial<DeviceState> = { devices, order: sortDevices(devices.values()) };
  if (channels) patch.channels = channels;
  if (state.selectedDeviceId && !devices.has(state.selectedDeviceId) && items.some((i) => i.kind === 'removed' && i.deviceId === state.selectedDeviceId)) {
    patch.selectedDeviceId = null;
    patch.selectedChannelId = null;
  }
  useDevices.setState(patch);
  const followsNow = takeChannelEvents(channelTotal(devices.values()) <= EAGER_CHANNEL_LIMIT);
  if (followsNow) loadAllChannels().catch((err: unknown) => console.error('channel lists not read again:', err));
  else for (const id of refetch) void useDevices.getState().loadChannels(id, true);
  if (orgStale && useDevices.getState().orgState === 'ready' && !orgTimer) {
    orgTimer = setTimeout(() => {
      orgTimer = null;
      void useDevices.getState().loadOrg();
    }, 2000);
  }
}

function onDevice(device: ApiEvents['device.online']) {
  // Events that arrive before the first list answer are kept: the list replaces them, later ones win.
  schedule({ kind: 'device', device });
}

api.on('device.online', onDevice);
api.on('device.offline', ({ reason: _reason, ...device }) => onDevice(device));
api.on('device.updated', onDevice);
api.on('device.removed', ({ deviceId }) => schedule({ kind: 'removed', deviceId }));

/**
 * channel.changed is opt-in (shared/contract.ts OPT_IN_EVENTS): taken while every channel is held (the eager
 * limit), since then every device's list is wanted anyway; past it, a registration storm would send every
 * device's list for the few devices open in the tree, so those are fetched again when channelsChangedAt moves.
 */
let channelEvents: (() => void) | null = api.on('channel.changed', onChannels);

function onChannels({ deviceId, channels }: ApiEvents['channel.changed']) {
  schedule({ kind: 'channels', deviceId, channels });
}

/** Takes channel.changed or stops; true when it starts now (lists changed meanwhile are not known). */
function takeChannelEvents(on: boolean): boolean {
  if (on === (channelEvents !== null)) return false;
  if (!on) {
    channelEvents!();
    channelEvents = null;
    return false;
  }
  channelEvents = api.on('channel.changed', onChannels);
  return true;
}

function channelTotal(devices: Iterable<DeviceSummary>): number {
  let n = 0;
  for (const d of devices) n += d.channelCount;
  return n;
}

/** Every device's channels (under the eager limit), replacing what is held. */
async function loadAllChannels(): Promise<void> {
  const all = await api.invoke('channel.list', {});
  const byDevice = new Map<string, ChannelView[]>();
  for (const c of videoChannels(all.map(channelView))) {
    let arr = byDevice.get(c.deviceId);
    if (!arr) byDevice.set(c.deviceId, (arr = []));
    arr.push(c);
  }
  useDevices.setState({ channels: byDevice });
}

/** The device view lists video sources only; business groups and virtual organisations belong to the organisation view. */
function videoChannels(list: readonly ChannelView[]): ChannelView[] {
  return list.filter((c) => !isOrganisationNodeId(c.channelId));
}
