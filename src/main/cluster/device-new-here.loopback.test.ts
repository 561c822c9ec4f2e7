// A device this instance has never seen may already be in the shared store: another instance stored it after
// this one loaded the store (a device that first registered there, e.g. sent on by 302). When it registers here
// (its instance died, or it went back to the server it was configured with), this instance takes the stored
// record (the name given on the other instance, what the device said) instead of writing a blank one over it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core/create-core';
import { SimFleet } from '../../device-sim/fleet/fleet';
import { sharedStoreMissing as missing, sharedStoreRig } from './testing/shared-store-rig';
import { waitFor } from './testing/wait-for';

const TUNING = { instanceTtlMs: 3_000, presenceRefreshMs: 1_000 };
const SERVER_ID = '34020000002000000001';
const X = '34020000001320000001';

function fleetFor(core: Core): Promise<SimFleet> {
  return SimFleet.start({
    server: { ip: '127.0.0.1', port: core.gb.listen.find((l) => l.transport === 'udp')!.port, id: SERVER_ID, domain: SERVER_ID.slice(0, 10) },
    password: '12345678',
    devices: 1,
    idBase: X,
    localIp: '127.0.0.1',
    sipTimers: { t1: 50 },
    device: { channels: 1, keepaliveSec: 1, timing: { retryMinMs: 200, retryMaxMs: 400 } },
  });
}

describe.skipIf(missing !== '')(`a device new to this instance, stored by another${missing ? `: skipped, ${missing}` : ''}`, () => {
  const rig = sharedStoreRig({ clusterTuning: TUNING, dirPrefix: 'gb-new-here-' });
  const { fleets, stored } = rig;
  let a: Core;
  let b: Core;

  beforeAll(async () => {
    // A loads the store while it is empty.
    a = await rig.core();
    b = await rig.core();
  }, 120_000);

  it('takes the record the other instance stored, with what the device says here', async () => {
    const atB = await fleetFor(b);
    fleets.push(atB);
    await waitFor('X online on B with its device info', () => (b.gb.registry.get(X)?.online && b.gb.registry.get(X)?.manufacturer ? true : undefined), 30_000);
    b.gb.registry.update(X, { name: 'named on B' });
    await waitFor("B's name stored", async () => ((await stored(X))?.customName === 'named on B' ? true : undefined));
    expect(a.gb.registry.get(X)).toBeUndefined();

    // X leaves B and registers with A, which has no record of it.
    await atB.stop();
    const atA = await fleetFor(a);
    fleets.push(atA);
    const onA = await waitFor("A to take B's record of X", () => {
      const d = a.gb.registry.get(X);
      return d?.online && d.customName === 'named on B' && d.manufacturer ? d : undefined;
    }, 15_000);
    const row = await waitFor("A's registration of X stored with B's name", async () => {
      const d = await stored(X);
      return d?.registerCallId === onA.registerCallId ? d : undefined;
    });
    expect(row.customName).toBe('named on B');
    expect(row.online).toBe(true);
  }, 60_000);
});
