import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSummary } from '../../../shared/contract';

const listeners = new Map<string, (payload: unknown) => void>();
vi.mock('../../api/client', () => ({
  api: {
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => undefined;
    },
    invoke: async () => [],
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
