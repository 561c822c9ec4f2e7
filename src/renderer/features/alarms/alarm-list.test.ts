import { describe, expect, it } from 'vitest';
import type { AlarmEntry } from '../../../shared/contract';
import { matchesFilter, MAX_ALARMS, upsertAlarm } from './alarm-list';
import { alarmEntry as alarm } from './testing/alarm-entry';

describe('alarm list', () => {
  it('a raised alarm goes first; the same alarm again (acknowledged) replaces it', () => {
    let list = upsertAlarm([alarm(1)], alarm(2));
    expect(list.map((a) => a.id)).toEqual([2, 1]);
    list = upsertAlarm(list, alarm(1, { acknowledgedAt: 5 }));
    expect(list.map((a) => [a.id, a.acknowledgedAt])).toEqual([
      [2, null],
      [1, 5],
    ]);
  });
  it('is bounded', () => {
    let list: AlarmEntry[] = [];
    for (let i = 1; i <= MAX_ALARMS + 5; i++) list = upsertAlarm(list, alarm(i));
    expect(list).toHaveLength(MAX_ALARMS);
    expect(list[0].id).toBe(MAX_ALARMS + 5);
  });
  it('filters as the server does', () => {
    expect(matchesFilter(alarm(1), { unacknowledged: true })).toBe(true);
    expect(matchesFilter(alarm(1, { acknowledgedAt: 1 }), { unacknowledged: true })).toBe(false);
    expect(matchesFilter(alarm(1), { deviceId: '34020000001320000002' })).toBe(false);
    expect(matchesFilter(alarm(1), { priority: 2 })).toBe(false);
    expect(matchesFilter(alarm(1), { method: 5, priority: 1 })).toBe(true);
  });
});
