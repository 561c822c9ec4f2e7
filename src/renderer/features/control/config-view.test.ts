import { describe, expect, it } from 'vitest';
import { basicParamChange, configRows } from './config-view';

describe('configRows', () => {
  it('flattens nested elements, lists and attributes into readable rows', () => {
    expect(
      configRows({ Name: 'Gate', VideoRecordPlan: { RecordEnable: '1', RecordSchedule: [{ WeekDayNum: '1' }, { WeekDayNum: '2' }] }, '@Num': '2' }),
    ).toEqual([
      ['Name', 'Gate'],
      ['VideoRecordPlan › RecordEnable', '1'],
      ['VideoRecordPlan › RecordSchedule 1 › WeekDayNum', '1'],
      ['VideoRecordPlan › RecordSchedule 2 › WeekDayNum', '2'],
      ['@Num', '2'],
    ]);
  });
});

describe('basicParamChange', () => {
  const current = { name: 'Gate', expiration: '3600', heartBeatInterval: '60', heartBeatCount: '3' };
  it('sends only what changed', () => {
    expect(basicParamChange({ ...current, heartBeatInterval: '30' }, current)).toEqual({ change: { heartBeatInterval: 30 }, problems: [] });
    expect(basicParamChange(current, current)).toEqual({ change: {}, problems: [] });
  });
  it('refuses numbers out of range or not whole, and an empty or long name', () => {
    const r = basicParamChange({ name: '', expiration: '59', heartBeatInterval: '7.5', heartBeatCount: '101' }, current);
    expect(r.change).toEqual({});
    expect(r.problems.map((p) => p.field)).toEqual(['name', 'expiration', 'heartBeatInterval', 'heartBeatCount']);
    expect(basicParamChange({ ...current, name: 'x'.repeat(65) }, current).problems).toEqual([{ field: 'name', kind: 'name' }]);
  });
  it('takes both ends of each range', () => {
    expect(basicParamChange({ name: 'Gate', expiration: '60', heartBeatInterval: '3600', heartBeatCount: '1' }, current).change).toEqual({
      expiration: 60,
      heartBeatInterval: 3600,
      heartBeatCount: 1,
    });
  });
});
