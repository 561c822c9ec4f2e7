import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, draftToFilter, isFilterActive, localInputToMs, msToLocalInput } from './log-filter';

describe('draftToFilter', () => {
  it('sends nothing for an empty form', () => {
    expect(draftToFilter(EMPTY_DRAFT)).toEqual({});
    expect(isFilterActive(draftToFilter(EMPTY_DRAFT))).toBe(false);
  });

  it('trims text fields and keeps chosen selects', () => {
    expect(draftToFilter({ ...EMPTY_DRAFT, deviceId: ' 34020000001320000001 ', method: 'Catalog', statusClass: '4xx', direction: 'in', text: ' 西门 ' })).toEqual({
      deviceId: '34020000001320000001',
      method: 'Catalog',
      statusClass: '4xx',
      direction: 'in',
      text: '西门',
    });
  });

  it('reads the time range as local time and makes "to" include the whole minute typed', () => {
    const f = draftToFilter({ ...EMPTY_DRAFT, from: '2025-03-01T08:00', to: '2025-03-01T08:05' });
    expect(f.from).toBe(new Date(2025, 2, 1, 8, 0, 0, 0).getTime());
    expect(f.to).toBe(new Date(2025, 2, 1, 8, 5, 59, 999).getTime());
  });

  it('ignores a half-typed time', () => {
    expect(draftToFilter({ ...EMPTY_DRAFT, from: '2025-03-01' })).toEqual({});
  });
});

describe('datetime-local conversion', () => {
  it('round-trips to the second in local time', () => {
    const ms = new Date(2024, 11, 31, 23, 59, 58).getTime();
    expect(msToLocalInput(ms)).toBe('2024-12-31T23:59:58');
    expect(localInputToMs(msToLocalInput(ms))).toBe(ms);
  });
});
