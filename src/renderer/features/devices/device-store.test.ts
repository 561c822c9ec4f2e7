import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSummary } from '../../../shared/contract';

const listeners = new Map<string, (payload: unknown) => void>();
/** What api.invoke answers (a test sets it), and every call made. */
let answer: (method: string, params: Record<string, unknown>) => unknown = () => [];
const calls: Array<[string, Record<string, unknown>]> = [];
vi.mock('../../api/client', () => ({
  api: {
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => {
        if (listeners.get(event) === listener) listeners.delete(event);
      };
    },
    invoke: async (method: string, params: Record<string, unknown>) => {
      calls.push([method, params]);
      return answer(method, params);
    },
  },
}));

function device(i: number, online: boolean, lastSeenAt = 0): DeviceSummary {
  return {
    deviceId: `3402000000132${String(i).padStart(7, '0')}`,
    name: 'IP CAMERA',
    online,
    manufacturer: null,
    model: null,
    firmware: null,
    transport: 'UDP',
    address: '127.0.0.1:5062',
    charset: 'GB18030',
    gbVersion: '2.0',
    registeredAt: 0,
    lastSeenAt,
    expiresAt: 0,
    keepaliveIntervalSec: 60,
    channelCount: 0,
    onlineChannelCount: 0,
  } as DeviceSummary;
}

const emit = (event: string, payload: unknown) => listeners.get(event)!(payload);

describe('device store under a storm of device events', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies 10,000 events in a bounded number of store updates, the last state of each device winning', async () => {
    const { useDevices, EVENT_APPLY_MS } = await import('./device-store');
    let updates = 0;
    const unsubscribe = useDevices.subscribe(() => updates++);
    // 4,000 devices come online, 4,000 are updated, 2,000 go offline again, over one second.
    const events: [string, unknown][] = [];
    for (let i = 0; i < 4000; i++) events.push(['device.online', device(i, true)]);
    for (let i = 0; i < 4000; i++) events.push(['device.updated', device(i, true, 5)]);
    for (let i = 0; i < 2000; i++) events.push(['device.offline', { ...device(i, false, 9), reason: 'expired' }]);
    const perTick = events.length / 50;
    for (let t = 0; t < 50; t++) {
      for (const [event, payload] of events.slice(t * perTick, (t + 1) * perTick)) emit(event, payload);
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(EVENT_APPLY_MS);
    unsubscribe();

    expect(updates).toBeGreaterThan(0);
    expect(updates).toBeLessThanOrEqual(1000 / EVENT_APPLY_MS + 1);
    const { devices, order } = useDevices.getState();
    expect(devices.size).toBe(4000);
    expect(order).toHaveLength(4000);
    expect(devices.get(device(0, false).deviceId)).toMatchObject({ online: false, lastSeenAt: 9 });
    expect(devices.get(device(3999, false).deviceId)).toMatchObject({ online: true, lastSeenAt: 5 });
    expect([...devices.values()].filter((d) => d.online)).toHaveLength(2000);
  });
});

describe('device store: channel lists past the eager limit', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.resetModules();
    listeners.clear();
    calls.length = 0;
  });
  afterEach(() => {
    answer = () => [];
    vi.useRealTimers();
  });

  const fleet = (n: number, channelsChangedAt?: number) => Array.from({ length: n }, (_, i) => ({ ...device(i, true), channelCount: 4, onlineChannelCount: 4, ...(channelsChangedAt ? { channelsChangedAt } : {}) }));
  const channelsOf = (deviceId: string, name: string) => [{ deviceId, channelId: deviceId.slice(0, 10) + '1310000001', name, online: true, status: 'ON' }];
  const fetched = (deviceId?: string) => calls.filter(([m, p]) => m === 'channel.list' && p.deviceId === deviceId).length;

  it('past 5,000 channels: does not take channel.changed, and fetches an open device\'s list again when its channelsChangedAt moves', async () => {
    const devices = fleet(2000, 1);
    let name = 'Gate';
    answer = (method, params) => (method === 'device.list' ? devices : channelsOf(params.deviceId as string, name));
    const { useDevices, EVENT_APPLY_MS } = await import('./device-store');
    expect(listeners.has('channel.changed')).toBe(true);
    await useDevices.getState().load();
    expect(listeners.has('channel.changed')).toBe(false);
    expect(fetched(undefined)).toBe(0);

    const [open, closed] = [devices[0], devices[1]];
    useDevices.getState().setExpanded(open.deviceId, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetched(open.deviceId)).toBe(1);

    // The open device's list changed (a renamed channel: same count) and so did a closed one's.
    name = 'East gate';
    emit('device.updated', { ...open, channelsChangedAt: 2 });
    emit('device.updated', { ...closed, channelsChangedAt: 2 });
    await vi.advanceTimersByTimeAsync(EVENT_APPLY_MS);
    expect(fetched(open.deviceId)).toBe(2);
    expect(fetched(closed.deviceId)).toBe(0);
    expect(useDevices.getState().channels.get(open.deviceId)?.[0].name).toBe('East gate');

    // An update that leaves the list as it was fetches nothing.
    emit('device.updated', { ...open, channelsChangedAt: 2, lastSeenAt: 7 });
    await vi.advanceTimersByTimeAsync(EVENT_APPLY_MS);
    expect(fetched(open.deviceId)).toBe(2);

    // An event missed (the socket was down): the periodic list read brings the later time, and the list is read again.
    name = 'North gate';
    devices[0] = { ...open, channelsChangedAt: 3, lastSeenAt: 7 };
    await useDevices.getState().refreshSeen();
    await vi.advanceTimersByTimeAsync(EVENT_APPLY_MS);
    expect(fetched(open.deviceId)).toBe(3);
    expect(useDevices.getState().channels.get(open.deviceId)?.[0].name).toBe('North gate');
    expect(useDevices.getState().devices.get(open.deviceId)?.channelsChangedAt).toBe(3);
  });

  it('under the limit: takes channel.changed and holds every list; past it after a storm of new devices, stops taking it', async () => {
    const devices = fleet(10);
    answer = (method, params) => (method === 'device.list' ? devices : params.deviceId ? [] : devices.flatMap((d) => channelsOf(d.deviceId, 'Gate')));
    const { useDevices, EVENT_APPLY_MS } = await import('./device-store');
    await useDevices.getState().load();
    expect(listeners.has('channel.changed')).toBe(true);
    expect(useDevices.getState().channels.size).toBe(10);

    emit('channel.changed', { deviceId: devices[3].deviceId, channels: channelsOf(devices[3].deviceId, 'Lobby') });
    await vi.advanceTimersByTimeAsync(EVENT_APPLY_MS);
    expect(useDevices.getState().channels.get(devices[3].deviceId)?.[0].name).toBe('Lobby');

    const many = fleet(2000);
    for (const d of many) emit('device.online', d);
    await vi.advanceTimersByTimeAsync(EVENT_APPLY_MS);
    expect(listeners.has('channel.changed')).toBe(false);

    // Back under it: takes the event again and reads every list afresh (changes meanwhile came without it).
    expect(fetched(undefined)).toBe(1);
    for (const d of many.slice(10)) emit('device.removed', { deviceId: d.deviceId });
    await vi.advanceTimersByTimeAsync(EVENT_APPLY_MS);
    expect(listeners.has('channel.changed')).toBe(true);
    expect(fetched(undefined)).toBe(2);
  });
});
