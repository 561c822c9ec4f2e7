// Simulated devices against the console's own GB server (device access) on real loopback sockets:
// they register with digest, the server asks DeviceInfo, Catalog and BasicParam and subscribes, and the
// device tree holds the simulated org nodes and channels.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../main/gb28181/server/testing/harness';
import { SimFleet, type FleetOptions } from '../fleet/fleet';

const BASE = '34020000001320000001';
let h: Harness | undefined;
let fleet: SimFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  await h?.close();
  fleet = h = undefined;
});

async function run(f: Partial<FleetOptions> = {}) {
  h = await startHarness({ flags: { sipIp: '127.0.0.1', sipPort: 0, password: 'sim-pw' } });
  const port = h.server.listen[0].port;
  fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port, id: h.settings.values.sipId, domain: h.settings.values.domain },
    password: 'sim-pw',
    devices: 1,
    idBase: BASE,
    ...f,
    device: { channels: 3, keepaliveSec: 60, ...f.device },
  });
  return { h, fleet, device: fleet.devices[0] };
}

describe('simulated devices against the GB server', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`a device registers over ${transport.toUpperCase()}, is online, and its catalog fills the device tree`, async () => {
      const { h, device } = await run({ transport, device: { pageSize: 2 } });
      const online = await h.next('device.online', (d) => d.deviceId === BASE, 10_000);
      expect(online.transport).toBe(transport.toUpperCase());
      await device.events.next('message', 10_000, (m) => m.cmdType === 'Catalog');
      const channels = await new Promise<ReturnType<Harness['server']['devices']['channels']>>((resolve, reject) => {
        const check = () => {
          const list = h.server.devices.channels(BASE);
          return list.length >= 3 + 3 ? list : undefined;
        };
        const done = check();
        if (done) return resolve(done);
        const timer = setTimeout(() => reject(new Error(`catalog not stored: ${h.server.devices.channels(BASE).length} entries`)), 10_000);
        const off = h.events.on('channel.changed', () => {
          const list = check();
          if (!list) return;
          clearTimeout(timer);
          off();
          resolve(list);
        });
      });
      const names = channels.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['大门口', '停车场东', '停车场西', '园区监控', '东区', '西区']));
      expect(device.clock.setAt).not.toBeNull();
      expect(Math.abs(device.clock.offsetMs)).toBeLessThan(2000);
    });
  }

  it('a device with a wrong password is refused and shows up in the registration failures', async () => {
    const { h, device } = await run({ device: { faults: { wrongPassword: true }, timing: { retryMinMs: 60_000 } } });
    const failed = await h.next('registration.failed', (f) => f.deviceId === BASE, 10_000);
    expect(failed.reason).toBe('wrong-password');
    expect((await device.events.next('register-failed', 5000)).status).toBe(403);
  });

  it('keepalives are answered 200 and unregistering takes the device offline', async () => {
    const { h, fleet, device } = await run();
    await device.whenRegistered(10_000);
    expect(await device.sendKeepalive()).toBe(true);
    const offline = h.next('device.offline', (d) => d.deviceId === BASE, 10_000);
    await fleet.stop();
    expect((await offline).reason).toMatch(/unregister/i);
  });
});
