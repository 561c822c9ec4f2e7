import { describe, expect, it } from 'vitest';
import { EventCoalescer, type CoalescerTimers, type QueuedEvent } from './event-coalescer';

function manualTimers() {
  let now = 0;
  let pending: { fn: () => void; at: number } | null = null;
  const timers: CoalescerTimers = {
    now: () => now,
    setTimeout: (fn, ms) => (pending = { fn, at: now + ms }),
    clearTimeout: () => (pending = null),
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      if (pending && pending.at <= now) {
        const { fn } = pending;
        pending = null;
        fn();
      }
    },
  };
}

const dev = (deviceId: string, online: boolean, name = 'cam') => ({ deviceId, online, name });

describe('EventCoalescer', () => {
  it('sends 10,000 device state events for 2,000 devices as a few batches, one event per device, its last state', () => {
    const clock = manualTimers();
    const batches: QueuedEvent[][] = [];
    const c = new EventCoalescer((b) => batches.push([...b]), 100, clock.timers);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 2000; i++) {
        const event = round === 0 ? 'device.online' : round === 4 && i % 2 ? 'device.offline' : 'device.updated';
        c.push(event, dev(`d${i}`, event !== 'device.offline', `r${round}`));
      }
    }
    // The first event left at once; the rest waits for the window.
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([{ event: 'device.online', payload: dev('d0', true, 'r0') }]);
    clock.advance(100);
    expect(batches).toHaveLength(2);
    const second = batches[1];
    expect(second).toHaveLength(2000);
    const of = (id: string) => second.find((e) => (e.payload as { deviceId: string }).deviceId === id);
    // d0 went out at once, so its later updates are a new entry; d2 was held as online and stays so.
    expect(of('d0')).toEqual({ event: 'device.updated', payload: dev('d0', true, 'r4') });
    expect(of('d1')).toEqual({ event: 'device.offline', payload: dev('d1', false, 'r4') });
    expect(of('d2')).toEqual({ event: 'device.online', payload: dev('d2', true, 'r4') });
    expect(new Set(second.map((e) => (e.payload as { deviceId: string }).deviceId)).size).toBe(2000);
  });

  it('keeps other events in their place and a removal between two states of a device', () => {
    const clock = manualTimers();
    const batches: QueuedEvent[][] = [];
    const c = new EventCoalescer((b) => batches.push([...b]), 100, clock.timers);
    c.push('server.stats', { n: 1 });
    c.push('device.online', dev('a', true));
    c.push('channel.changed', { deviceId: 'a', channels: [] });
    c.push('device.updated', dev('a', true, 'renamed'));
    c.push('device.offline', { ...dev('b', false), reason: 'expired' });
    c.push('device.updated', dev('b', false, 'still off'));
    c.push('device.removed', { deviceId: 'a' });
    c.push('device.online', dev('a', true, 'again'));
    clock.advance(99);
    expect(batches).toHaveLength(1);
    clock.advance(1);
    expect(batches[1].map((e) => e.event)).toEqual(['device.online', 'channel.changed', 'device.offline', 'device.removed', 'device.online']);
    expect(batches[1][0].payload).toEqual(dev('a', true, 'renamed'));
    expect(batches[1][2].payload).toEqual({ ...dev('b', false, 'still off'), reason: 'expired' });
    expect(batches[1][4].payload).toEqual(dev('a', true, 'again'));
  });

  it('sends an event after a quiet spell at once', () => {
    const clock = manualTimers();
    const batches: QueuedEvent[][] = [];
    const c = new EventCoalescer((b) => batches.push([...b]), 100, clock.timers);
    c.push('device.online', dev('a', true));
    clock.advance(500);
    c.push('device.offline', dev('a', false));
    expect(batches.map((b) => b.length)).toEqual([1, 1]);
  });
});
