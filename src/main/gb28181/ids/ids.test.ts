import { describe, expect, it } from 'vitest';
import {
  domainOf,
  idKind,
  isCivilCode,
  isGbId,
  reasonForBadDeviceId,
  typeCode,
  typeName,
  typeNameOf,
  validateDomain,
  validateServerId,
} from './index';

describe('GB IDs', () => {
  it('recognises 20-digit IDs only', () => {
    expect(isGbId('34020000001320000001')).toBe(true);
    expect(isGbId('3402000000132000001')).toBe(false);
    expect(isGbId('340200000013200000012')).toBe(false);
    expect(isGbId('3402000000132000000a')).toBe(false);
    expect(isGbId(34020000001320000001)).toBe(false);
  });

  it('reads type code and domain', () => {
    expect(typeCode('34020000001320000001')).toBe('132');
    expect(domainOf('34020000002000000001')).toBe('3402000000');
    expect(typeCode('123')).toBeUndefined();
  });

  it('names types in English and Chinese', () => {
    expect(typeName('111')).toBe('DVR');
    expect(typeName('216')).toBe('virtual organisation');
    expect(typeName('216', 'zh')).toBe('虚拟组织');
    expect(typeName('215', 'zh')).toBe('业务分组');
    expect(typeNameOf('34020000001180000001')).toBe('NVR');
    expect(typeName('999')).toBeUndefined();
  });

  it('recognises civil codes of 2/4/6/8 digits', () => {
    for (const c of ['34', '3402', '340200', '34020001']) expect(isCivilCode(c)).toBe(true);
    for (const c of ['3', '340', '3402000', '3402000000', '34a2']) expect(isCivilCode(c)).toBe(false);
    expect(idKind('340200')).toBe('civil-code');
    expect(idKind('34020000001320000001')).toBe('gb-id');
  });
});

describe('settings validation', () => {
  it('server ID length and characters', () => {
    expect(validateServerId('340200000020000001')).toEqual({
      ok: false,
      reason: 'server ID must be 20 digits; got 18',
    });
    expect(validateServerId('3402000000200000000x')).toMatchObject({ ok: false });
    expect(validateServerId('34020000002000000001')).toEqual({ ok: true });
    const w = validateServerId('34020000001320000001');
    expect(w.ok).toBe(true);
    expect(w.ok && w.warning).toContain('132 (IP camera)');
  });

  it('domain must be the server ID prefix', () => {
    expect(validateDomain('3402000001', '34020000002000000001')).toEqual({
      ok: false,
      reason: 'domain must be the first 10 digits of the server ID 34020000002000000001, i.e. 3402000000',
    });
    expect(validateDomain('3402000000', '34020000002000000001')).toEqual({ ok: true });
    const bad = validateDomain('340200', '34020000002000000001');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toContain('i.e. 3402000000');
  });

  it('403 reason for a bad device ID', () => {
    expect(reasonForBadDeviceId('34020000001320000001')).toBeUndefined();
    expect(reasonForBadDeviceId('3402000000132000001')).toBe('Device ID 3402000000132000001 must be 20 digits; got 19');
    expect(reasonForBadDeviceId('cam-1')).toBe('Device ID cam-1 must be 20 digits (0-9 only)');
    expect(reasonForBadDeviceId('')).toContain('missing');
    expect(reasonForBadDeviceId('摄像机\r\n')).not.toMatch(/[\r\n\u0080-\uffff]/);
  });
});
