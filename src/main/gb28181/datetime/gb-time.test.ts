import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatGbDateHeader,
  formatGbTime,
  fromUnixSeconds,
  parseGbDateHeader,
  isValidTimeZone,
  parseGbTime,
  toUnixSeconds,
} from './gb-time';

describe('GB times', () => {
  it('formats local time with and without milliseconds', () => {
    const d = new Date(2024, 7, 20, 15, 18, 42, 7);
    expect(formatGbDateHeader(d)).toBe('2024-08-20T15:18:42.007');
    expect(formatGbTime(d)).toBe('2024-08-20T15:18:42');
  });

  it('parses local times in the forms devices send', () => {
    expect(parseGbTime('2024-08-20T00:00:00')).toEqual(new Date(2024, 7, 20, 0, 0, 0));
    expect(parseGbDateHeader('2024-08-20T15:18:42.123')).toEqual(new Date(2024, 7, 20, 15, 18, 42, 123));
    expect(parseGbTime('2024-08-20 15:18:42')).toEqual(new Date(2024, 7, 20, 15, 18, 42));
    expect(parseGbTime('2024-8-2T5:18:42')).toEqual(new Date(2024, 7, 2, 5, 18, 42));
    expect(parseGbTime('2024-08-20T15:18:42.123456')).toEqual(new Date(2024, 7, 20, 15, 18, 42, 123));
  });

  it('honours an explicit zone', () => {
    expect(parseGbTime('2024-08-20T07:18:42Z')?.toISOString()).toBe('2024-08-20T07:18:42.000Z');
    expect(parseGbTime('2024-08-20T15:18:42+08:00')?.toISOString()).toBe('2024-08-20T07:18:42.000Z');
  });

  it('reads the forms devices send: no zero padding, an offset suffix, milliseconds', () => {
    expect(parseGbTime('2022-5-24T0:07:21', '+08:00')?.toISOString()).toBe('2022-05-23T16:07:21.000Z');
    expect(parseGbTime('2022-05-24T00:07:21+08:00', 'Europe/London')?.toISOString()).toBe('2022-05-23T16:07:21.000Z');
    expect(parseGbTime('2022-05-24T00:07:21.5Z', 'Asia/Shanghai')?.toISOString()).toBe('2022-05-24T00:07:21.500Z');
    expect(parseGbTime('2022-05-24T00:07:21-0330')?.toISOString()).toBe('2022-05-24T03:37:21.000Z');
    expect(parseGbTime('2022-05-24 00:07:21.123+08')?.toISOString()).toBe('2022-05-23T16:07:21.123Z');
  });

  it("reads a time without a suffix in the device's zone", () => {
    expect(parseGbTime('2024-08-20T15:18:42', 'Asia/Shanghai')?.toISOString()).toBe('2024-08-20T07:18:42.000Z');
    expect(parseGbTime('2024-08-20T15:18:42', 'UTC')?.toISOString()).toBe('2024-08-20T15:18:42.000Z');
    // New York in summer (EDT, -4) and in winter (EST, -5)
    expect(parseGbTime('2024-07-01T12:00:00', 'America/New_York')?.toISOString()).toBe('2024-07-01T16:00:00.000Z');
    expect(parseGbTime('2024-01-01T12:00:00', 'America/New_York')?.toISOString()).toBe('2024-01-01T17:00:00.000Z');
    expect(parseGbTime('2024-08-20T15:18:42', 'Mars/Olympus')).toBeUndefined();
  });

  it("writes a time in the device's zone", () => {
    const d = new Date(Date.UTC(2024, 7, 20, 7, 18, 42, 5));
    expect(formatGbTime(d, 'Asia/Shanghai')).toBe('2024-08-20T15:18:42');
    expect(formatGbTime(d, '-05:00')).toBe('2024-08-20T02:18:42');
    expect(formatGbDateHeader(d, 'UTC')).toBe('2024-08-20T07:18:42.005');
  });

  it('round-trips through any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'UTC', '+05:30', '-08:00', 'Australia/Adelaide'),
        (t, zone) => {
          const text = formatGbDateHeader(new Date(t), zone);
          expect(formatGbDateHeader(parseGbDateHeader(text, zone)!, zone)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows which zones are real', () => {
    for (const z of ['Asia/Shanghai', 'UTC', '+08:00', '-0330', 'Z']) expect(isValidTimeZone(z)).toBe(true);
    for (const z of ['', 'Mars/Olympus', '+25:00', 'GMT+8x']) expect(isValidTimeZone(z)).toBe(false);
  });

  it('rejects non-times', () => {
    for (const s of ['', 'now', '2024-02-30T00:00:00', '2024-13-01T00:00:00', '2024-08-20T25:00:00', '20240820T000000']) {
      expect(parseGbTime(s)).toBeUndefined();
    }
  });

  // Text round trip: local time without a zone is ambiguous in a DST fall-back hour, the text is not.
  it('round-trips any millisecond time', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }), (t) => {
        const text = formatGbDateHeader(new Date(t));
        expect(formatGbDateHeader(parseGbDateHeader(text)!)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('unix seconds for SDP t=', () => {
    const d = new Date(Date.UTC(2024, 7, 20, 0, 0, 0));
    expect(toUnixSeconds(d)).toBe(1724112000);
    expect(fromUnixSeconds(1724112000).getTime()).toBe(d.getTime());
  });
});
