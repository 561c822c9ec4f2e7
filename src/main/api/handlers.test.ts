import { describe, expect, it } from 'vitest';
import { ApiError, DomainError } from '../../shared/errors';
import type { SipAddress, SipRequest } from '../sip/message/types';
import { SipTransactionError } from '../sip/stack/errors';
import { dispatch, type ApiHandlers } from './handlers';

const DEVICE = '34020000001320000001';

function failingWith(err: unknown): ApiHandlers {
  return {
    'device.get': () => {
      throw err;
    },
  } as unknown as ApiHandlers;
}

describe('dispatch', () => {
  it('checks params before the handler runs', async () => {
    let ran = false;
    const handlers = { 'device.get': () => (ran = true) } as unknown as ApiHandlers;
    await expect(dispatch(handlers, 'device.get', { deviceId: 'nope' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(ran).toBe(false);
    await expect(dispatch(handlers, 'device.explode', {})).rejects.toMatchObject({ code: 'unknown_method' });
  });

  it('maps each kind of failure once', async () => {
    const call = async (err: unknown): Promise<ApiError> => {
      try {
        await dispatch(failingWith(err), 'device.get', { deviceId: DEVICE });
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('dispatch resolved');
    };
    const domain = await call(new DomainError('invalid_setting', 'sipPort: too big', { sipPort: 'too big' }));
    expect(domain).toBeInstanceOf(ApiError);
    expect(domain.toBody()).toEqual({ code: 'invalid_setting', message: 'sipPort: too big', details: { sipPort: 'too big' } });
    expect((await call(new DomainError('not_found', 'device x is not known'))).code).toBe('not_found');
    const req = {} as SipRequest;
    const dest: SipAddress = { transport: 'UDP', address: '10.0.0.7', port: 5060 };
    expect((await call(new SipTransactionError('timeout', 'no answer', req, dest, 'F'))).code).toBe('timeout');
    expect((await call(new SipTransactionError('transport', 'unreachable', req, dest))).code).toBe('unavailable');
    const api = new ApiError('conflict', 'offline');
    expect(await call(api)).toBe(api);
    const internal = { code: 'api.failed', params: { method: 'device.get', detail: { code: 'error.detail', params: { message: 'disk on fire' }, text: 'disk on fire' } }, text: 'device.get failed: disk on fire' };
    expect((await call(new Error('disk on fire'))).toBody()).toEqual({ code: 'internal', message: 'device.get failed: disk on fire', text: internal });
    const said = { code: 'sip.noAnswer', params: { timer: 'F', address: '10.0.0.7:5060/udp', method: 'MESSAGE', seconds: 32 }, text: 'no answer' };
    expect((await call(new SipTransactionError('timeout', 'no answer', req, dest, 'F', said))).text).toBe(said);
  });
});
