import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { createLogger } from '../../log/logger';
import { SipStack } from '../../sip/stack/stack';
import { InMemoryNetwork } from '../../sip/transport/memory';
import { dispatch } from '../handlers';
import { LiveService } from '../../live/live-service';
import { liveMethods } from './live';

function feature() {
  const net = new InMemoryNetwork();
  const stack = new SipStack({ transports: [net.transport('UDP', { address: '10.0.0.1', port: 5060 })] });
  const service = new LiveService({
    stack,
    devices: { lookup: () => undefined, onOffline: () => () => {} },
    settings: { values: { ...DEFAULT_SETTINGS } },
    events: { emit: () => {} },
    logger: createLogger(),
  });
  return { service, methods: liveMethods(service) };
}

describe('live.* methods', () => {
  it('check their parameters with sentences', async () => {
    const { methods } = feature();
    const all = { ...methods } as never;
    await expect(dispatch(all, 'live.start', {})).rejects.toMatchObject({ code: 'bad_request', message: "deviceId is missing: the device's 20-digit ID" });
    await expect(dispatch(all, 'live.start', { deviceId: '34020000001320000001' })).rejects.toMatchObject({
      code: 'bad_request',
      message: "channelId is missing: the channel's ID from the device's catalog",
    });
    await expect(dispatch(all, 'live.start', { deviceId: '3402 0000', channelId: 'x' })).rejects.toMatchObject({
      message: 'Device ID 3402 0000 must be 20 digits (0-9 only)',
    });
    await expect(dispatch(all, 'live.start', { deviceId: '34020000001320000001', channelId: '34020000001310000001', transport: 'tcp' })).rejects.toMatchObject({
      message: 'transport must be one of "udp", "tcp-passive" or "tcp-active"; got "tcp"',
    });
    await expect(dispatch(all, 'live.stop', {})).rejects.toMatchObject({ message: 'sessionId is missing (from live.start or live.list)' });
  });

  it('answer for unknown devices and sessions', async () => {
    const f = feature();
    const all = { ...f.methods } as never;
    await expect(dispatch(all, 'live.start', { deviceId: '34020000001320000001', channelId: '34020000001310000001' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'device 34020000001320000001 is not known to this server',
    });
    expect(await dispatch(all, 'live.stop', { sessionId: 'nope' })).toEqual({ stopped: false });
    expect(await dispatch(all, 'live.list', {})).toEqual([]);
    expect(f.service.openCount).toBe(0);
    expect(f.service.subscribeFrames('nope', { send: () => {}, bufferedAmount: 0, close: () => {} })).toBeUndefined();
    await f.service.close();
  });
});
