import { describe, expect, it } from 'vitest';
import { localValueToText, textToLocalValue } from './date-time-text';

describe('date-time field text', () => {
  it('shows a value as the language writes dates', () => {
    expect(localValueToText('2026-12-05T14:05:09', 'zh-CN')).toBe('2026-12-05 14:05:09');
    expect(localValueToText('2026-12-05T14:05', 'en')).toBe('12/05/2026 14:05:00');
    expect(localValueToText('', 'en')).toBe('');
  });

  it('reads what was typed in either form, a date alone as midnight, and refuses what is not a date', () => {
    expect(textToLocalValue('2026-12-05 14:05:09', 'zh-CN')).toBe('2026-12-05T14:05:09');
    expect(textToLocalValue('2026-1-5 8:05', 'zh-CN')).toBe('2026-01-05T08:05:00');
    expect(textToLocalValue('2026-12-05', 'zh-CN')).toBe('2026-12-05T00:00:00');
    expect(textToLocalValue('12/05/2026 14:05:09', 'en')).toBe('2026-12-05T14:05:09');
    expect(textToLocalValue('2026-12-05 14:05', 'en')).toBe('2026-12-05T14:05:00');
    expect(textToLocalValue('  ', 'en')).toBe('');
    expect(textToLocalValue('12/05/2026', 'zh-CN')).toBeUndefined();
    expect(textToLocalValue('2026-02-30 10:00', 'en')).toBeUndefined();
    expect(textToLocalValue('2026-12-05 24:00', 'en')).toBeUndefined();
    expect(textToLocalValue('yesterday', 'en')).toBeUndefined();
  });
});
