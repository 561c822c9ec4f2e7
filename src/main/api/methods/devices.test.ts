// The device.* / channel.* / registration.* methods as the shells call them (through dispatch: params checked,
// errors mapped) over the GB server on an in-memory network with a fake clock.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { FakeClock } from '../../sip/timers/clock';
import { memoryNetwork, until } from '../../gb28181/server/testing/harness';
import { CAM, closedAfterEach, deviceMaker, NVR, T0 } from '../../gb28181/server/testing/nvr-fixture';
import { startApiHarness } from '../testing/device-api';

const open = closedAfterEach();

async function world(o: { tuning?: Parameters<typeof startApiHarness>[0]['tuning']; flags?: Parameters<typeof startApiHarness>[0]['flags'] } = {}) {
  const clock = new FakeClock(T0);
  const { net, serverUdp, serverTcp } = memoryNetwork();
  const h = await startApiHarness({ clock, transports: [serverUdp, serverTcp], tuning: o.tuning, flags: o.flags });
  open.push(h);
  const device = deviceMaker(net, clock, open);
  return { clock, h, device };
}

describe('device API methods', () => {
  it('add (allowlist), update, refresh, channel tree, remove', async () => {
    const { h, device } = await world({ flags: { admissionMode: 'allowlist' } });
    const m = h.methods;
    const nvr = device(NVR);
    expect((await nvr.register()).status).toBe(403);
    await expect(m['device.add']({ deviceId: '1234' })).rejects.toThrow('Device ID 1234 must be 20 digits; got 4');
    await expect(m['device.add']({ deviceId: NVR, password: 'has space' })).rejects.toThrow(/spaces/);
    const added = await m['device.add']({ deviceId: NVR, name: 'Front NVR', password: 'nvrpass1' });
    expect(added).toMatchObject({ deviceId: NVR, name: 'Front NVR', online: false, hasOwnPassword: true });
    expect((await nvr.register()).status).toBe(403);
    nvr.password = 'nvrpass1';
    expect((await nvr.register()).status).toBe(200);
    await until(() => h.server.devices.channels(NVR).length === 3, 'catalog');

    const updated = await m['device.update']({ deviceId: NVR, name: 'Gate NVR', password: null, mediaTransport: 'tcp-passive' });
    expect(updated).toMatchObject({ name: 'Gate NVR', hasOwnPassword: false, mediaTransport: 'tcp-passive' });
    await expect(m['device.update']({ deviceId: NVR, mediaTransport: 'rtsp' as never })).rejects.toThrow(/mediaTransport must be one of/);
    await expect(m['device.get']({ deviceId: '34020000001320000099' })).rejects.toMatchObject({ code: 'not_found' });

    const status = await m['device.refresh']({ deviceId: NVR, what: 'status' });
    expect(status.status).toMatchObject({ Online: 'ONLINE', Encode: 'ON' });

    const tree = await m['channel.tree']({});
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ id: NVR, kind: 'device', name: 'Gate NVR', online: true });
    expect(tree[0].children.map((c) => [c.id, c.kind, c.online])).toEqual([
      ['34020000001320000011', 'channel', true],
      ['34020000001320000012', 'channel', false],
      ['34020000001320000013', 'channel', true],
    ]);
    expect((await m['channel.list']({})).length).toBe(3);

    const removed = h.next('device.removed');
    expect(await m['device.remove']({ deviceId: NVR })).toEqual({ removed: true });
    expect((await removed).deviceId).toBe(NVR);
    expect(await m['device.list']({})).toEqual([]);
    expect(await m['device.remove']({ deviceId: NVR })).toEqual({ removed: false });
  });

  it('refresh of an offline device or one that does not answer says why', async () => {
    const { h, clock, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM, { silent: true });
    await cam.register();
    const p = h.methods['device.refresh']({ deviceId: CAM, what: 'info' });
    await until(() => cam.queries.length === 1, 'query sent');
    clock.advance(10_000);
    await expect(p).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/^device 34020000001320000001 did not answer the DeviceInfo query \(SN \d+\) within 10 s$/) });
    await cam.register({ expires: 0 });
    await expect(h.methods['device.refresh']({ deviceId: CAM, what: 'info' })).rejects.toBeInstanceOf(ApiError);
    await expect(h.methods['device.refresh']({ deviceId: CAM, what: 'info' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('registration problem methods', () => {
  it('registration.failures lists a wrong password with its count; registration.clearFailure clears it', async () => {
    const { h, device } = await world();
    const cam = device(CAM, { password: 'bad' });
    expect((await cam.register()).status).toBe(403);
    await cam.register();
    const failures = await h.methods['registration.failures']({});
    expect(failures).toMatchObject([{ deviceId: CAM, reason: 'wrong-password', count: 2 }]);
    expect(failures[0].message).toContain('(2nd time)');
    expect((await h.methods['registration.clearFailure']({ deviceId: CAM })).cleared).toBe(true);
    expect(await h.methods['registration.failures']({})).toEqual([]);
    expect((await h.methods['registration.clearFailure']({ deviceId: CAM })).cleared).toBe(false);
  });
});
