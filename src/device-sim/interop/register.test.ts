import { afterEach, describe, expect, it } from 'vitest';
import { SimFleet } from '../fleet/fleet';
import { freeUdpPort, hasSipp, startSippUas } from './sipp';

const DEVICE = '34020000001320000001';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** sipp binds its port a little after it starts: the device's REGISTER retransmissions (Timer E) cover that. */
async function run(devicePassword: string) {
  const port = await freeUdpPort();
  const sipp = startSippUas('register-uas.xml', port, { device_id: DEVICE, password: 'sipp-pw' });
  cleanups.push(() => sipp.kill());
  const fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port, id: '34020000002000000001', domain: '3402000000' },
    password: devicePassword,
    devices: 1,
    idBase: DEVICE,
    device: { timing: { retryMinMs: 60_000 } },
  });
  cleanups.push(() => fleet.stop());
  return { sipp, fleet, device: fleet.devices[0] };
}

describe.skipIf(!hasSipp())('registration against sipp as a registrar', () => {
  it('answers the challenge with a digest sipp verifies, takes the Date, and unregisters with Expires 0', async () => {
    const { sipp, fleet, device } = await run('sipp-pw');
    await device.events.next('registered', 10_000);
    expect(device.clock.now().getFullYear()).toBe(2031);
    expect(device.clock.lastDateHeader).toBe('2031-05-06T07:08:09.123');
    const unregistered = device.events.next('unregistered', 10_000);
    await fleet.stop();
    await unregistered;
    const result = await sipp.done;
    expect(result.code, result.errors + result.stdout).toBe(0);
    expect(result.logs).toContain(`username="${DEVICE}"`);
    expect(result.logs).toContain('digest valid: true');
    expect(result.logs).toMatch(/unregister: Expires +0/);
  });

  it('is refused by sipp (digest does not verify) when it answers with the wrong password', async () => {
    const { sipp, device } = await run('not-the-password');
    const failed = await device.events.next('register-failed', 10_000);
    expect(failed.status).toBe(403);
    const result = await sipp.done;
    expect(result.logs).toContain('digest valid: false');
    expect(result.code).not.toBe(0);
  });
});
