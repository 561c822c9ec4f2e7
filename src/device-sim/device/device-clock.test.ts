import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';
import { DeviceClock } from './device-clock';

describe('DeviceClock', () => {
  it('takes the GB Date header as local time and keeps the offset', () => {
    let host = new Date(2024, 0, 1, 12, 0, 0).getTime();
    const c = new DeviceClock(() => host);
    expect(c.setFromDateHeader('2024-08-20T15:18:42.123')).toBe(true);
    expect(c.now().getTime()).toBe(new Date(2024, 7, 20, 15, 18, 42, 123).getTime());
    host += 1000;
    expect(c.now().getTime()).toBe(new Date(2024, 7, 20, 15, 18, 43, 123).getTime());
    expect(c.lastDateHeader).toBe('2024-08-20T15:18:42.123');
  });

  it("reads the Date as the wall clock of the zone the device is set to", () => {
    const c = new DeviceClock(() => 0, '+08:00');
    expect(c.setFromDateHeader('2024-08-20T15:18:42.123')).toBe(true);
    expect(c.now().toISOString()).toBe('2024-08-20T07:18:42.123Z');
  });

  it('accepts an RFC 1123 Date and ignores garbage', () => {
    const c = new DeviceClock(() => 0);
    expect(c.setFromDateHeader('Tue, 20 Aug 2024 07:18:42 GMT')).toBe(true);
    expect(c.now().toISOString()).toBe('2024-08-20T07:18:42.000Z');
    expect(c.setFromDateHeader('yesterday')).toBe(false);
    expect(c.now().toISOString()).toBe('2024-08-20T07:18:42.000Z');
  });
});

describe('retry backoff', () => {
  it('starts at the minimum, doubles, caps and never goes below the minimum', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, 60_000, 300_000, mid))).toEqual([60_000, 120_000, 240_000, 300_000, 300_000]);
    expect(retryDelay(1, 60_000, 300_000, () => 0)).toBe(60_000);
    expect(retryDelay(2, 60_000, 300_000, () => 1)).toBe(132_000);
  });
});
