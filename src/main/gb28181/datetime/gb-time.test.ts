import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatGbDateHeader,
  formatGbTime,
  fromUnixSeconds,
  parseGbDateHeader,
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
