// A camera whose answers to the first two Catalog queries are lost (--catalog-answers-lost 2, as in a registration
// storm) on a real loopback socket, the clock faked: it stays online on its keepalives and the console asks for its
// catalogue again later instead of showing it without channels until it registers anew.
import { afterEach, expect, it } from 'vitest';
import { simWorld, SIM_ID, type SimWorld } from '../devices/testing/sim-world';

let w: SimWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

it('a device online without its catalogue gets it asked again after the pause, and shows its channels', async () => {
  w = await simWorld({ device: { channels: 3, field: { catalogAnswersLost: 2 } }, harness: { tuning: { catalogRecovery: { delaysMs: [120_000], sweepMs: 30_000 } } } });
  const { h, runUntil } = w;
  const catalogQueries = () => h.server.followUps.stats().stepsDone;
  await runUntil(() => h.server.devices.isOnline(SIM_ID) && !h.server.followUps.isScheduled(SIM_ID) && catalogQueries() > 0, 'the follow-ups done', 120_000);
  expect(h.server.devices.channels(SIM_ID)).toHaveLength(0);
  const registeredAt = h.server.devices.get(SIM_ID)!.registeredAt!;
  await runUntil(() => h.server.devices.channels(SIM_ID).length > 0, 'the catalogue asked again', 300_000);
  expect(h.server.registry.get(SIM_ID)!.catalog).toMatchObject({ complete: true, received: h.server.devices.channels(SIM_ID).length });
  expect(w.clock.now() - registeredAt).toBeGreaterThanOrEqual(120_000);
  expect(h.server.devices.isOnline(SIM_ID)).toBe(true);
  expect(h.server.stats().devicesCatalogued).toBe(1);
});
