import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let formatters: typeof import('./format').formatters;
beforeAll(async () => {
  // The i18n store reads the saved language when loaded.
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
  vi.stubGlobal('navigator', { language: 'en' });
  ({ formatters } = await import('./format'));
});
afterAll(() => vi.unstubAllGlobals());

describe('formatters', () => {
  it('writes Chinese dates year-month-day with dashes', () => {
    const ms = new Date(2026, 0, 31, 14, 5, 9, 123).getTime();
    expect(formatters('zh-CN').dateTime(ms)).toBe('2026-01-31 14:05:09');
    expect(formatters('zh-CN').dateTimeMs(ms)).toBe('2026-01-31 14:05:09.123');
  });

  it('words durations in h / min / s, and 小时 / 分 / 秒 in Chinese', () => {
    const en = formatters('en');
    expect(en.duration(45)).toBe('45 s');
    expect(en.duration(125)).toBe('2 min 05 s');
    expect(en.duration(3725)).toBe('1 h 02 min 05 s');
    expect(formatters('zh-CN').duration(3725)).toBe('1 小时 02 分 05 秒');
  });

  it('never says a time seen is in the future', () => {
    const en = formatters('en');
    expect(en.ago(10_000 + 2_000, 10_000)).toBe('now');
    expect(en.ago(10_000 - 5_000, 10_000)).toBe('5 sec. ago');
    expect(en.relative(10_000 + 120_000, 10_000)).toBe('in 2 min.');
  });
});
