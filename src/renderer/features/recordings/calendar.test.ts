import { describe, expect, it } from 'vitest';
import { addMonths, daysWithRecordings, isoDay, monthRange, monthWeeks } from './calendar';

describe('calendar', () => {
  it('lays a month out in weeks starting on Monday', () => {
    // 1 March 2025 is a Saturday.
    const weeks = monthWeeks('2025-03');
    expect(weeks[0]).toEqual([null, null, null, null, null, '2025-03-01', '2025-03-02']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });

  it('marks the days recordings cover, both days of one across midnight, none outside the month', () => {
    const t = (d: number, h: number) => new Date(2025, 2, d, h).getTime() / 1000;
    const range = monthRange('2025-03');
    const days = daysWithRecordings(
      [
        { start: t(3, 10), end: t(3, 11), type: 'time' },
        { start: t(5, 23), end: t(6, 1), type: 'alarm' },
        { start: t(31, 23), end: t(32, 2), type: 'time' },
      ],
      range,
    );
    expect([...days].sort()).toEqual(['2025-03-03', '2025-03-05', '2025-03-06', '2025-03-31']);
    expect(isoDay(new Date(2025, 0, 9))).toBe('2025-01-09');
  });
});
