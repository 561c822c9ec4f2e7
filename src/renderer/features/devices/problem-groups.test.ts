import { describe, expect, it } from 'vitest';
import type { RegistrationFailure } from '../../../shared/contract';
import { groupFailures, searchFailures, sourceIp } from './problem-groups';

const f = (deviceId: string, address: string, reason: RegistrationFailure['reason'], lastAt: number, count = 1): RegistrationFailure => ({
  deviceId,
  address,
  transport: 'UDP',
  reason,
  message: `device ${deviceId} at ${address}: ${reason}`,
  count,
  firstAt: 0,
  lastAt,
});

describe('registration problem groups', () => {
  it('reads the IP of an address with or without a port', () => {
    expect(sourceIp('10.0.0.7:5060')).toBe('10.0.0.7');
    expect(sourceIp('[fe80::1]:5060')).toBe('fe80::1');
    expect(sourceIp('10.0.0.7')).toBe('10.0.0.7');
  });

  it('groups by source IP and reason, newest group first, counting attempts', () => {
    const groups = groupFailures([
      f('1', '10.0.0.7:5060', 'wrong-password', 5, 3),
      f('2', '10.0.0.7:5062', 'wrong-password', 9, 2),
      f('3', '10.0.0.7:5064', 'not-allowed', 7),
      f('4', '10.0.0.8:5060', 'wrong-password', 1),
    ]);
    expect(groups.map((g) => [g.ip, g.reason, g.failures.map((x) => x.deviceId), g.attempts])).toEqual([
      ['10.0.0.7', 'wrong-password', ['1', '2'], 5],
      ['10.0.0.7', 'not-allowed', ['3'], 1],
      ['10.0.0.8', 'wrong-password', ['4'], 1],
    ]);
  });

  it('searches ID, address and the wording given', () => {
    const list = [f('34020000001320000001', '10.0.0.7:5060', 'wrong-password', 1), f('34020000001320000002', '10.0.0.8:5060', 'not-allowed', 1)];
    const words = (x: RegistrationFailure) => (x.reason === 'wrong-password' ? '密码错误' : '不在允许列表');
    expect(searchFailures(list, '0002', words).map((x) => x.deviceId)).toEqual(['34020000001320000002']);
    expect(searchFailures(list, '10.0.0.7', words)).toHaveLength(1);
    expect(searchFailures(list, '密码', words)).toHaveLength(1);
    expect(searchFailures(list, ' ', words)).toHaveLength(2);
  });
});
