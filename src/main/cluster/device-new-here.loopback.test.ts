// A device this instance has never seen may already be in the shared store: another instance stored it after
// this one loaded the store (a device that first registered there, e.g. sent on by 302). When it registers here
// (its instance died, or it went back to the server it was configured with), this instance takes the stored
// record (the name given on the other instance, what the device said) instead of writing a blank one over it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/create-core';
import { SimFleet } from '../../device-sim/fleet/fleet';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './testing/redis-process';
import { waitFor } from './testing/wait-for';
import { freePort } from '../sip/interop/sipp';
import { freePortRange } from '../live/testing/live-rig';
import { findPgBin, startPgServer, type PgServer } from '../store/postgres/testing/pg-server';
import { openPostgresEngine, type PostgresEngine } from '../store/postgres/engine';

const TUNING = { instanceTtlMs: 3_000, presenceRefreshMs: 1_000 };
const SERVER_ID = '34020000002000000001';
const X = '34020000001320000001';
const pgBin = findPgBin();
const missing = !redisAvailable ? REDIS_MISSING : !pgBin ? 'PostgreSQL is not installed' : '';

async function flags() {
  const media = await freePortRange(10);
  return { sipIp: '127.0.0.1', sipPort: await freePort(), password: '12345678', mediaIp: '127.0.0.1', mediaPortMin: media, mediaPortMax: media + 9 };
}

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
  let redis: RedisProcess;
  let pg: PgServer;
  let reader: PostgresEngine;
  let a: Core;
  let b: Core;
  const fleets: SimFleet[] = [];
  const dirs: string[] = [];
  const stored = async (id: string) => (await reader.devices.loadAll()).devices.find((d) => d.deviceId === id);

  beforeAll(async () => {
    redis = await startRedis();
    pg = await startPgServer(pgBin!);
    const url = await pg.createDatabase('platform');
    reader = await openPostgresEngine(url);
    const core = async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-new-here-'));
      dirs.push(dataDir);
      return createCore({ dataDir, flags: await flags(), statsIntervalMs: 0, redis: redis.url, store: { kind: 'postgres', url }, clusterTuning: TUNING });
    };
    // A loads the store while it is empty.
    a = await core();
    b = await core();
  }, 120_000);

  afterAll(async () => {
    for (const f of fleets) await f.stop();
    await a?.close();
    await b?.close();
    await reader?.close();
    await redis?.stop();
    await pg?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

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
