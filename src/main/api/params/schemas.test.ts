import { describe, expect, it } from 'vitest';
import { API_METHODS, type ApiMethodName } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { checkParams, PARAMS } from './schemas';

const DEVICE = '34020000001320000001';

function refusal(method: ApiMethodName, params: unknown): ApiError {
  try {
    checkParams(method, params);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`${method} accepted ${JSON.stringify(params)}`);
}

describe('method params', () => {
  it('every contract method has a schema', () => {
    expect(Object.keys(PARAMS).sort()).toEqual(Object.keys(API_METHODS).sort());
  });

  it('a method without params takes nothing, null or {} and refuses anything but an object', () => {
    expect(checkParams('device.list', undefined)).toEqual({});
    expect(checkParams('device.list', null)).toEqual({});
    expect(refusal('device.list', [1, 2]).message).toBe('params must be a JSON object');
    expect(refusal('device.list', 'x').code).toBe('bad_request');
  });

  it('unknown fields are dropped and text IDs are trimmed', () => {
    expect(checkParams('device.get', { deviceId: ` ${DEVICE} `, __proto__x: 1, extra: 'x' })).toEqual({ deviceId: DEVICE });
  });

  it('one device-ID rule everywhere: the one the registrar applies', () => {
    for (const method of ['device.get', 'device.add', 'device.remove', 'live.start'] as const) {
      const err = refusal(method, { deviceId: '1234', channelId: DEVICE, what: 'info' });
      expect(err.message).toBe('Device ID 1234 must be 20 digits; got 4');
      expect(err.details).toEqual({ deviceId: 'Device ID 1234 must be 20 digits; got 4' });
    }
    expect(refusal('device.get', {}).message).toBe("deviceId is missing: the device's 20-digit ID");
    expect(refusal('device.get', { deviceId: 20 }).message).toBe('deviceId must be text; got 20');
    // A problem entry is keyed by what the peer sent, so it can be dismissed whatever it is.
    expect(checkParams('registration.clearFailure', { deviceId: '3402000000132000000X' })).toEqual({ deviceId: '3402000000132000000X' });
    expect(checkParams('registration.clearFailure', { deviceId: '*@10.0.0.7' })).toEqual({ deviceId: '*@10.0.0.7' });
    expect(refusal('registration.clearFailure', { deviceId: 'x'.repeat(129) }).message).toBe('deviceId must be at most 128 characters');
  });

  it('names the field and the allowed values', () => {
    expect(refusal('device.refresh', { deviceId: DEVICE, what: 'everything' }).message).toBe('what must be one of "info", "status" or "catalog"; got "everything"');
    expect(refusal('device.update', { deviceId: DEVICE, password: 'a b' }).details).toEqual({
      password: 'password must not contain spaces or double quotes (devices cannot type them)',
    });
    expect(checkParams('device.update', { deviceId: DEVICE, password: null })).toEqual({ deviceId: DEVICE, password: null });
    expect(refusal('device.add', { deviceId: DEVICE, name: 'x'.repeat(65) }).message).toBe('name must be at most 64 characters');
    expect(refusal('sim.start', { channels: 1.5 }).message).toBe('channels must be a whole number from 0 to 64; got 1.5');
    expect(refusal('settings.get', { reveal: 'yes' }).message).toBe('reveal must be true or false; got "yes"');
  });

  it('cross-field rules: a log time range that ends before it starts, an unlock that names nobody', () => {
    expect(refusal('log.query', { from: 10, to: 5 }).details).toEqual({ from: 'the time range ends before it starts (from is after to)' });
    expect(checkParams('log.query', { from: 5, to: 10, deviceId: '', statusClass: '' })).toEqual({ from: 5, to: 10 });
    expect(refusal('registration.unlock', {}).message).toBe('give deviceId, ip or both: whose registration lock to lift');
  });
});
