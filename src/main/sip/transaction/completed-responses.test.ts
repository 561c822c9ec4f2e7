import { describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { CompletedResponses } from './completed-responses';

describe('CompletedResponses (the Completed state of UDP non-INVITE server transactions)', () => {
  it('keeps each response for exactly the hold time, counted from when it was held', () => {
    const clock = new FakeClock();
    const store = new CompletedResponses(clock, 32_000);
    store.hold('a', Buffer.from('A'));
    clock.advance(10_000);
    store.hold('b', Buffer.from('B'));
    clock.advance(21_999);
    expect(store.get('a')?.toString()).toBe('A');
    clock.advance(1);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')?.toString()).toBe('B');
    expect(store.size).toBe(1);
    clock.advance(10_000);
    expect(store.get('b')).toBeUndefined();
    expect(store.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('sweeps a long stream of entries in order with one timer at a time', () => {
    const clock = new FakeClock();
    const store = new CompletedResponses(clock, 1_000);
    for (let i = 0; i < 5_000; i++) {
      store.hold(`k${i}`, Buffer.from(String(i)));
      expect(clock.pending).toBe(1);
      clock.advance(1);
    }
    // now = 5,000: entry i was held at i ms, so entries 0..4000 have waited their 1,000 ms
    expect(store.size).toBe(999);
    expect(store.get('k4000')).toBeUndefined();
    expect(store.get('k4001')?.toString()).toBe('4001');
    clock.advance(1_000);
    expect(store.size).toBe(0);
  });

  it('at a steady trickle (a site keepaliving) the sweep timer fires about once per hold/32, not once per entry', () => {
    const clock = new FakeClock();
    let armed = 0;
    const counting = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        armed++;
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (h: Parameters<FakeClock['clearTimeout']>[0]) => clock.clearTimeout(h),
    };
    const store = new CompletedResponses(counting, 32_000);
    // 167 a second (10,000 devices every 60 s) for 100 s
    for (let i = 0; i < 16_700; i++) {
      store.hold(`k${i}`, Buffer.from('x'));
      clock.advance(6);
    }
    // entries are still dropped on time
    expect(store.get('k11366')).toBeUndefined(); // held at 68,196 ms, due at 100,196 ms; now 100,200
    expect(store.get('k11367')?.toString()).toBe('x');
    // one sweep a second from the first due time on (32 s to 100 s), not one per entry (11,367 of them due)
    expect(armed).toBeLessThanOrEqual(72);
    clock.advance(40_000);
    expect(store.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('close() drops everything and stops its timer', () => {
    const clock = new FakeClock();
    const store = new CompletedResponses(clock, 32_000);
    store.hold('a', Buffer.from('A'));
    store.close();
    expect(store.get('a')).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  it('gives back exactly the bytes held, UTF-8 text and binary included', () => {
    const store = new CompletedResponses(new FakeClock(), 32_000);
    const bytes = Buffer.concat([Buffer.from('SIP/2.0 200 OK\r\nSubject: 大门口\r\n\r\n'), Buffer.from([0, 0x80, 0xff, 0x0d, 0x0a])]);
    store.hold('k', bytes);
    expect(store.get('k')).toEqual(bytes);
  });
});
