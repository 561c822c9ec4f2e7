// A camera with a 300 s heartbeat that never answers BasicParam (--heartbeat 300 --no-config-download) on a
// real loopback socket, the clock faked: the console learns the interval and the device stays online; the
// device details say which interval is in use and why. The installer's own interval (device.update) is checked in
// api/methods/device-update.loopback.test.ts.
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
    const details = await h.details(SIM_ID);
    expect(details).toMatchObject({ keepaliveIntervalSec: 300, keepaliveCount: 3, keepaliveSource: 'learned', learnedKeepaliveSec: 300 });
    expect(details.events.map((e) => e.message)).toContain('keepalive every 300 s, offline after 3 missed (learned from its keepalives)');
    // The address and port the device is told in Via and Contact (bound to 127.0.0.1 here).
    expect(details.localAddress).toBe(`127.0.0.1:${w.port}`);
  });

  it("a device's BasicParam answer is preferred to the interval learned", async () => {
    w = await simWorld({ device: { keepaliveSec: 60 } });
    const { h, runUntil } = w;
    await runUntil(() => h.server.devices.record(SIM_ID)?.keepaliveSource === 'basic-param', 'BasicParam applied', 120_000);
    expect(h.server.devices.get(SIM_ID)).toMatchObject({ keepaliveIntervalSec: 60, keepaliveCount: 3 });
  });
});
