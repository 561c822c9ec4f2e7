// Two console instances sharing a real PostgreSQL and redis-server: an instance watches and writes only the
// devices registered to it. B's device stays online in the shared store while A (started later, loading B's
// rows) passes the time of its offline checks; a device that moves from A to B is B's to write from then on, and
// when it comes back A takes the record B stored.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core/create-core';
import { SimFleet } from '../../device-sim/fleet/fleet';
import { sharedStoreMissing as missing, sharedStoreRig } from './testing/shared-store-rig';
import { waitFor } from './testing/wait-for';

const TUNING = { instanceTtlMs: 3_000, presenceRefreshMs: 1_000 };
const SERVER_ID = '34020000002000000001';
const X = '34020000001320000001';
const Y = '34020000001320000002';

function udpPort(core: Core): number {
  return core.gb.listen.find((l) => l.transport === 'udp')!.port;
}

// Keepalives every second, offline after 3 missed (the console learns both from BasicParam).
function fleetFor(core: Core, id: string): Promise<SimFleet> {
  return SimFleet.start({
    server: { ip: '127.0.0.1', port: udpPort(core), id: SERVER_ID, domain: SERVER_ID.slice(0, 10) },
    password: '12345678',
    devices: 1,
    idBase: id,
    localIp: '127.0.0.1',
    sipTimers: { t1: 50 },
    device: { channels: 1, keepaliveSec: 1, keepaliveMaxFail: 3, timing: { retryMinMs: 200, retryMaxMs: 400 } },
  });
}

describe.skipIf(missing !== '')(`two console instances sharing one store${missing ? `: skipped, ${missing}` : ''}`, () => {
  const rig = sharedStoreRig({ clusterTuning: TUNING, dirPrefix: 'gb-shared-store-' });
  const { fleets, stored } = rig;
  let a: Core | undefined;
  let b: Core;
  const keepalivesAnswered = (f: SimFleet) => f.devices[0].snapshot().keepalivesAnswered;

  beforeAll(async () => {
    b = await rig.core();
  }, 120_000);

  it("leaves another instance's devices to it (no presence taken, no offline mark, no row written) and takes the stored record when one comes back", async () => {
    // X registers with B (the only instance) and B stores its 1 s x 3 keepalive figures.
    fleets.push(await fleetFor(b, X));
    await waitFor('X stored online by B with its keepalive figures', async () => {
      const d = await stored(X);
      return d?.online && d.keepaliveIntervalSec === 1 && d.keepaliveCount === 3 ? d : undefined;
    }, 30_000);

    // A starts and loads X's row, online with a standing registration.
    a = await rig.core();
    const cluster = a.cluster!;
    await waitFor('A and B to see each other', () => (cluster.instances.alive().length === 2 ? true : undefined));
    const bId = b.cluster!.self;
    expect(await cluster.presence.owner(X)).toBe(bId);
    expect(a.gb.registry.get(X)?.online).toBe(false);
    expect(a.gb.stats().devicesOnline).toBe(0);

    // Y registers with A, then goes silent there and registers with B instead.
    const yAtA = await fleetFor(a, Y);
    fleets.push(yAtA);
    await waitFor('Y online on A', () => (a!.gb.registry.get(Y)?.online && a!.gb.registry.get(Y)?.keepaliveIntervalSec === 1 ? true : undefined), 30_000);
    yAtA.devices[0].outage(600_000);
    const yAtB = await fleetFor(b, Y);
    fleets.push(yAtB);
    await waitFor('B to own Y', async () => ((await cluster.presence.owner(Y)) === bId ? true : undefined));

    // Well past A's offline check for either device (3 s without a keepalive): five more answered keepalives each.
    const xFrom = keepalivesAnswered(fleets[0]);
    const yFrom = keepalivesAnswered(yAtB);
    await waitFor('five keepalives of each device answered by B', () => (keepalivesAnswered(fleets[0]) >= xFrom + 5 && keepalivesAnswered(yAtB) >= yFrom + 5 ? true : undefined), 30_000);

    expect(await cluster.presence.owner(X)).toBe(bId);
    expect(await cluster.presence.owner(Y)).toBe(bId);
    expect(a.gb.registry.get(Y)?.online).toBe(false);
    for (const id of [X, Y]) {
      expect((await stored(id))?.online, `${id} online in the shared store`).toBe(true);
      const events = await rig.reader().devices.recentEvents(id, 200);
      expect(events.filter((e) => /no keepalive|expired/.test(e.message)).map((e) => e.message), `${id}'s history`).toEqual([]);
    }

    // While Y is B's, B names it and one of its channels (A does not hear of it). Y then comes back to A: A takes
    // the stored record and channels, with its own registration, and writes that.
    const channelId = b.gb.registry.channelsOf(Y)[0].channelId;
    b.gb.registry.update(Y, { name: 'named on B' });
    b.gb.registry.renameChannel(Y, channelId, 'renamed on B');
    await waitFor('B\'s names stored', async () => ((await stored(Y))?.customName === 'named on B' ? true : undefined));
    yAtB.devices[0].outage(600_000);
    const yBack = await fleetFor(a, Y);
    fleets.push(yBack);
    await waitFor('A to own Y again', async () => ((await cluster.presence.owner(Y)) === cluster.self ? true : undefined));
    const onA = await waitFor('A to take B\'s record of Y', () => {
      const d = a!.gb.registry.get(Y);
      return d?.online && d.customName === 'named on B' && a!.gb.registry.channelsOf(Y).some((c) => c.name === 'renamed on B') ? d : undefined;
    });
    const row = await waitFor('A\'s registration of Y stored with B\'s names', async () => {
      const d = await stored(Y);
      return d?.registerCallId === onA.registerCallId && d.customName === 'named on B' ? d : undefined;
    });
    expect(row.online).toBe(true);
    expect(row.port).toBe(onA.port);
    const storedChannels = (await rig.reader().devices.loadAll()).channels.filter((c) => c.deviceId === Y);
    expect(storedChannels.find((c) => c.channelId === channelId)?.customName).toBe('renamed on B');
  }, 120_000);

  it('finds in the signalling log on A the messages B logged (one table in the shared PostgreSQL)', async () => {
    expect(a, 'A, started by the test before').toBeDefined();
    const bPort = `:${udpPort(b)}`;
    // X registered only with B.
    const register = await waitFor("X's REGISTER received by B, in A's log.query", async () => {
      const { messages } = await a!.handlers['log.query']({ deviceId: X, method: 'REGISTER', direction: 'in' });
      return messages.find((m) => m.localAddress.endsWith(bPort));
    });
    expect((await a!.handlers['log.get']({ id: register.id })).text).toMatch(/^REGISTER sip:/);
    const ladder = await a!.handlers['log.call']({ callId: register.callId! });
    expect(ladder.some((m) => m.status === 200 && m.direction === 'out' && m.localAddress.endsWith(bPort))).toBe(true);
  }, 60_000);
});
