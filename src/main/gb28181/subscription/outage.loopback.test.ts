// Subscriptions across an outage: a simulated device on loopback goes offline on missed keepalives, its own
// subscription lapses, and it comes back (same-Call-ID refresh, or keepalives resuming). The console must
// subscribe again and its record must say so; a channel going OFF then reaches the console.
import { afterEach, describe, expect, it } from 'vitest';
import { simWorld, type SimWorld } from '../devices/testing/sim-world';

const SIM = '34020000001320000001';
let w: SimWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function subscribedWorld(field: { refreshSameCallId?: boolean }) {
  w = await simWorld({ device: { field: { noConfigDownload: true, ...field } } });
  const { device, runUntil } = w;
  await runUntil(() => device.subscriptions.count === 1, 'the first Catalog SUBSCRIBE', 30_000);
  await runUntil(() => w!.h.server.devices.record(SIM)?.subscriptionState === 'active', 'the subscription stored as active', 30_000);
  return w;
}

/** An outage longer than the device's subscription (600 s): the console sees the device offline meanwhile. */
async function outage(world: SimWorld) {
  const { h, clock, device, run, runUntil } = world;
  const t0 = clock.now();
  device.outage(700_000);
  await runUntil(() => !h.server.devices.isOnline(SIM), 'offline on missed keepalives', 400_000);
  expect(h.server.devices.record(SIM)?.subscriptionState).not.toBe('active');
  await run(t0 + 650_000 - clock.now(), 5000);
  expect(device.subscriptions.count).toBe(0);
  const ended = device.events.next('outage-ended', 10_000);
  await run(t0 + 700_000 - clock.now());
  await ended;
}

async function channelOffReachesConsole(world: SimWorld) {
  const { h, device, runUntil } = world;
  await runUntil(() => device.subscriptions.count === 1, 'a new Catalog SUBSCRIBE after the outage', 120_000);
  await runUntil(() => h.server.devices.record(SIM)?.subscriptionState === 'active', 'the new subscription stored as active', 30_000);
  const channel = device.channelIds[0];
  await runUntil(() => h.server.devices.channel(SIM, channel) !== undefined, 'the catalog', 60_000);
  const changed = h.next('channel.changed', (p) => p.channels.some((c) => c.channelId === channel && !c.online), 10_000);
  device.setChannelOnline(channel, false);
  await changed;
  expect(h.server.devices.channel(SIM, channel)?.online).toBe(false);
}

describe('subscriptions survive outages', () => {
  it('back with a same-Call-ID refresh: subscribed again, and channel OFF reaches the console', async () => {
    const world = await subscribedWorld({ refreshSameCallId: true });
    await outage(world);
    await world.runUntil(() => world.h.server.devices.isOnline(SIM), 'online after the refresh', 30_000);
    await channelOffReachesConsole(world);
  });

  it('back with keepalives only: subscribed again, and channel OFF reaches the console', async () => {
    const world = await subscribedWorld({});
    await outage(world);
    await world.runUntil(() => world.h.server.devices.isOnline(SIM), 'online after keepalives resumed', 120_000);
    await channelOffReachesConsole(world);
  });
});
