import { describe, expect, it } from 'vitest';
import { configChange, formOf } from './config-edit';

const OSD = { Length: '1920', Width: '1080', TimeEnable: '1', TimeType: '0', TimeX: '10', TimeY: '10', SumNum: '0' };

describe('DeviceConfig forms beyond BasicParam', () => {
  it('fills the form with the editable fields the device reported, blank where it reported none', () => {
    expect(formOf('OSDConfig', OSD)).toEqual({ TimeEnable: '1', TimeType: '0', TimeX: '10', TimeY: '10' });
    expect(formOf('SnapShotConfig', { SnapNum: '1' })).toEqual({ SnapNum: '1', Interval: '', UploadURL: '', SessionID: '' });
    expect(formOf('FrameMirror', undefined)).toEqual({ FrameMirror: '' });
  });

  it('sends only the fields changed, trimmed', () => {
    const form = { ...formOf('OSDConfig', OSD), TimeX: ' 100 ', TimeEnable: '0' };
    expect(configChange('OSDConfig', form, OSD)).toEqual({ change: { TimeEnable: '0', TimeX: '100' }, problems: [] });
    expect(configChange('OSDConfig', formOf('OSDConfig', OSD), OSD)).toEqual({ change: {}, problems: [] });
  });

  it('names the field out of bounds, including a position beyond the reported picture', () => {
    const form = { ...formOf('OSDConfig', OSD), TimeX: '2000', TimeType: '7' };
    expect(configChange('OSDConfig', form, OSD).problems).toEqual([
      { field: 'TimeType', kind: 'choice', choices: [0, 1, 2] },
      { field: 'TimeX', kind: 'position', max: 1920 },
    ]);
    const alarm = { RecordEnable: '0', RecordTime: '30', PreRecordTime: '5', StreamNumber: '0' };
    expect(configChange('VideoAlarmRecord', { ...alarm, PreRecordTime: '31' }, alarm).problems).toEqual([{ field: 'PreRecordTime', kind: 'int', min: 0, max: 30 }]);
  });

  it('clearing a field the device reported is a change the checks see', () => {
    const snap = { SnapNum: '1', Interval: '1', UploadURL: 'http://a/b', SessionID: '' };
    expect(configChange('SnapShotConfig', { ...snap, Interval: '' }, snap).problems).toEqual([{ field: 'Interval', kind: 'int', min: 1, max: 3600 }]);
    expect(configChange('SnapShotConfig', { ...snap, UploadURL: '' }, snap)).toEqual({ change: { UploadURL: '' }, problems: [] });
  });
});
