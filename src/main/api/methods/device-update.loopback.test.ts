// device.update as the shells call it (through dispatch: params checked, errors mapped) over the console's GB
// server and one simulated device on real loopback sockets: the installer's time zone and keepalive interval for
// a device, refused with a reason when they are not valid, stored, and in the device details.
import { afterEach, describe, expect, it } from 'vitest';
import { simWorld, SIM_ID, type SimWorld } from '../../gb28181/devices/testing/sim-world';
import { openDatabase } from '../../store/sqlite/database';
import { DeviceRepo } from '../../store/devices/device-repo';
import { deviceApi } from '../testing/device-api';

let w: SimWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function simulated(o: Parameters<typeof simWorld>[0]) {
  w = await simWorld(o);
  return { world: w, api: deviceApi(w.h.server) };
}

describe('device.update', () => {
  it('device.update takes an IANA zone name or ±hh:mm, refuses anything else with a reason, and the zone is stored', async () => {
    const { world, api } = await simulated({ device: { field: { timeZone: '+08:00', timeFormat: 'padded', refreshSameCallId: true } } });
    const update = (timeZone: unknown) => api['device.update']({ deviceId: SIM_ID, timeZone: timeZone as string });
    await expect(update('Mars/Olympus_Mons')).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/"Mars\/Olympus_Mons" is not a zone name/) });
    await expect(update('+8')).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/neither a zone name .* nor an offset such as \+08:00/) });
    await expect(update('+15:00')).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/out of range/) });
    await expect(update('')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(update(8)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/timeZone must be text/) });
    expect((await api['device.get']({ deviceId: SIM_ID })).timeZone).toBeNull();

    expect((await update(' Asia/Shanghai ')).timeZone).toBe('Asia/Shanghai');
    expect((await update('-03:30')).timeZone).toBe('-03:30');
    // device.get writes what is pending to the store before it reads the history
    const details = await api['device.get']({ deviceId: SIM_ID });
    expect(details.events.map((e) => e.message)).toContain('times in its messages are read in time zone -03:30');

    const db = openDatabase(world.h.dir);
    try {
      expect(new DeviceRepo(db).get(SIM_ID)?.timeZone).toBe('-03:30');
    } finally {
      db.close();
    }
  });


  it('the installer sets the interval per device (it wins) and clears it again; the default is a setting', async () => {
    const { world, api } = await simulated({ device: { keepaliveSec: 60, field: { noConfigDownload: true } } });
    const { h, runUntil } = world;
    await runUntil(() => h.server.devices.channels(SIM_ID).length > 0, 'the catalog', 60_000);
    let details = await api['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 60, keepaliveSource: 'default' });
    await api['device.update']({ deviceId: SIM_ID, heartbeatSec: 120, heartbeatCount: 2 });
    details = await api['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 120, keepaliveCount: 2, keepaliveSource: 'installer' });
    await expect(api['device.update']({ deviceId: SIM_ID, heartbeatSec: 2 })).rejects.toThrow(/heartbeatSec/);
    await api['device.update']({ deviceId: SIM_ID, heartbeatSec: null, heartbeatCount: null });
    h.settings.update({ keepaliveIntervalSec: 90, keepaliveCount: 4 });
    expect(await world.device.sendKeepalive()).toBe(true);
    details = await api['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 90, keepaliveCount: 4, keepaliveSource: 'default' });
  });
});
