import { describe, expect, it } from 'vitest';
import { configProblems, EDITABLE_CONFIG, fieldProblem, isEditableConfig, problemText } from './config-fields';

describe('DeviceConfig field checks', () => {
  it('takes each kind at both ends of its bounds and refuses just beyond', () => {
    const [flag] = EDITABLE_CONFIG.PictureMask;
    expect(fieldProblem(flag, '0')).toBeNull();
    expect(fieldProblem(flag, '1')).toBeNull();
    expect(fieldProblem(flag, '2')).toEqual({ field: 'On', kind: 'flag' });
    const [, recordTime, preRecord] = EDITABLE_CONFIG.VideoAlarmRecord;
    expect(fieldProblem(recordTime, '1')).toBeNull();
    expect(fieldProblem(recordTime, '3600')).toBeNull();
    expect(fieldProblem(recordTime, '0')).toEqual({ field: 'RecordTime', kind: 'int', min: 1, max: 3600 });
    expect(fieldProblem(recordTime, '3601')).not.toBeNull();
    expect(fieldProblem(preRecord, '-1')).not.toBeNull();
    expect(fieldProblem(preRecord, '2.5')).not.toBeNull();
    expect(fieldProblem(EDITABLE_CONFIG.FrameMirror[0], '3')).toBeNull();
    expect(fieldProblem(EDITABLE_CONFIG.FrameMirror[0], '4')).toEqual({ field: 'FrameMirror', kind: 'choice', choices: [0, 1, 2, 3] });
  });

  it('an upload address is empty or http(s)/ftp; a session ID is short plain text', () => {
    const [, , url, session] = EDITABLE_CONFIG.SnapShotConfig;
    expect(fieldProblem(url, '')).toBeNull();
    expect(fieldProblem(url, 'http://10.0.0.9:8080/snap')).toBeNull();
    expect(fieldProblem(url, 'javascript:alert(1)')).toMatchObject({ kind: 'url' });
    expect(fieldProblem(url, `http://h/${'a'.repeat(250)}`)).toMatchObject({ kind: 'url' });
    expect(fieldProblem(session, 'abc-123')).toBeNull();
    expect(fieldProblem(session, 'a<b')).toMatchObject({ kind: 'text' });
    expect(fieldProblem(session, 'x'.repeat(129))).toMatchObject({ kind: 'text', max: 128 });
  });

  it('a nested value where a plain one belongs is a problem', () => {
    expect(configProblems('FrameMirror', { FrameMirror: { Value: '1' } })).toEqual([{ field: 'FrameMirror', kind: 'choice', choices: [0, 1, 2, 3] }]);
  });

  it('only the fields given are checked; others are left to the caller', () => {
    expect(configProblems('VideoAlarmRecord', { RecordTime: '60', Schedule: { Begin: 'x' } })).toEqual([]);
  });

  it('the OSD time stays within the picture the device reported', () => {
    const current = { Length: '1920', Width: '1080' };
    expect(configProblems('OSDConfig', { TimeX: '1920', TimeY: '1080' }, current)).toEqual([]);
    expect(configProblems('OSDConfig', { TimeX: '1921', TimeY: '1081' }, current)).toEqual([
      { field: 'TimeX', kind: 'position', max: 1920 },
      { field: 'TimeY', kind: 'position', max: 1080 },
    ]);
    expect(configProblems('OSDConfig', { TimeX: '3000' })).toEqual([]);
  });

  it('names the editable types and words each problem', () => {
    expect(isEditableConfig('FrameMirror')).toBe(true);
    expect(isEditableConfig('BasicParam')).toBe(false);
    expect(isEditableConfig('VideoParamOpt')).toBe(false);
    expect(isEditableConfig('constructor')).toBe(false);
    expect(problemText({ field: 'RecordTime', kind: 'int', min: 1, max: 3600 })).toBe('RecordTime must be a whole number from 1 to 3600');
  });
});
