// A camera with a 300 s heartbeat that never answers BasicParam (--heartbeat 300 --no-config-download) on a
// real loopback socket, the clock faked: the console learns the interval and the device stays online; the
// installer can set it per device and as the default; device details say which interval is in use and why.
import { afterEach, describe, expect, it } from 'vitest';
import { simWorld, SIM_ID, type SimWorld } from '../devices/testing/sim-world';

let w: SimWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const offlineEvents = (world: SimWorld) => world.h.seen.filter((e) => e.name === 'device.offline').length;

describe('the keepalive interval is learned, not assumed', () => {
  it('a 300 s heartbeat device without BasicParam stays online across cycles once its interval is learned', async () => {
    w = await simWorld({ device: { keepaliveSec: 300, field: { noConfigDownload: true } } });
    const { h, run, runUntil } = w;
    await runUntil(() => h.server.devices.get(SIM_ID)?.keepaliveIntervalSec === 300, 'the interval learned', 1200_000);
    const flapsWhileLearning = offlineEvents(w);
    expect(flapsWhileLearning).toBeLessThanOrEqual(1);
    await run(10 * 300_000, 5000);
    expect(offlineEvents(w)).toBe(flapsWhileLearning);
    expect(h.server.devices.isOnline(SIM_ID)).toBe(true);
    const details = await h.methods['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 300, keepaliveCount: 3, keepaliveSource: 'learned', learnedKeepaliveSec: 300 });
    expect(details.events.map((e) => e.message)).toContain('keepalive every 300 s, offline after 3 missed (learned from its keepalives)');
    // The address and port the device is told in Via and Contact (bound to 127.0.0.1 here).
    expect(details.localAddress).toBe(`127.0.0.1:${w.port}`);
  });

  it('the installer sets the interval per device (it wins) and clears it again; the default is a setting', async () => {
    w = await simWorld({ device: { keepaliveSec: 60, field: { noConfigDownload: true } } });
    const { h, runUntil } = w;
    await runUntil(() => h.server.devices.channels(SIM_ID).length > 0, 'the catalog', 60_000);
    let details = await h.methods['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 60, keepaliveSource: 'default' });
    await h.methods['device.update']({ deviceId: SIM_ID, heartbeatSec: 120, heartbeatCount: 2 });
    details = await h.methods['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 120, keepaliveCount: 2, keepaliveSource: 'installer' });
    await expect(h.methods['device.update']({ deviceId: SIM_ID, heartbeatSec: 2 })).rejects.toThrow(/heartbeatSec/);
    await h.methods['device.update']({ deviceId: SIM_ID, heartbeatSec: null, heartbeatCount: null });
    h.settings.update({ keepaliveIntervalSec: 90, keepaliveCount: 4 });
    expect(await w.device.sendKeepalive()).toBe(true);
    details = await h.methods['device.get']({ deviceId: SIM_ID });
    expect(details).toMatchObject({ keepaliveIntervalSec: 90, keepaliveCount: 4, keepaliveSource: 'default' });
  });

  it("a device's BasicParam answer is preferred to the interval learned", async () => {
    w = await simWorld({ device: { keepaliveSec: 60 } });
    const { h, runUntil } = w;
    await runUntil(() => h.server.devices.record(SIM_ID)?.keepaliveSource === 'basic-param', 'BasicParam applied', 120_000);
    expect(h.server.devices.get(SIM_ID)).toMatchObject({ keepaliveIntervalSec: 60, keepaliveCount: 3 });
  });
});
