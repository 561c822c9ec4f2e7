import { describe, expect, it } from 'vitest';
import { localAddressToward } from '../../sip/stack/local-address';
import { chooseMediaIp } from './media-ip';

describe('media IP choice', () => {
  it('uses --media-ip when the installer set it', async () => {
    expect(await chooseMediaIp({ configured: '203.0.113.9', deviceIp: '127.0.0.1', sipLocal: '127.0.0.1' })).toEqual({ ip: '203.0.113.9', how: 'configured' });
  });

  it('uses the local address of the device SIP path when known (v4-mapped written as IPv4)', async () => {
    expect(await chooseMediaIp({ configured: '', deviceIp: '10.0.0.7', sipLocal: '10.0.0.5' })).toEqual({ ip: '10.0.0.5', how: 'sip-local' });
    expect(await chooseMediaIp({ configured: '', deviceIp: '10.0.0.7', sipLocal: '::ffff:10.0.0.5' })).toEqual({ ip: '10.0.0.5', how: 'sip-local' });
  });

  it('asks the OS for the route to the device when the SIP socket listens on every address', async () => {
    expect(await chooseMediaIp({ configured: '', deviceIp: '127.0.0.1', sipLocal: '0.0.0.0' })).toEqual({ ip: '127.0.0.1', how: 'route' });
    expect(await localAddressToward('127.0.0.3')).toMatch(/^127\./);
  });

  it('has no route for something that is not an IP', async () => {
    expect(await localAddressToward('camera.local')).toBeUndefined();
    const c = await chooseMediaIp({ configured: '', deviceIp: 'camera.local' });
    expect(c.how).toBe('fallback');
  });
});
