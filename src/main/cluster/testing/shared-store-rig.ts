// Console cores in the test's process sharing a real redis-server and one PostgreSQL database, with a connection
// of the test's own to read what they store. Call it inside a `describe.skipIf(sharedStoreMissing !== '')`: Redis,
// PostgreSQL and the reader start before its tests; after them the fleets stop, then the cores close (last started
// first), then the reader, Redis, PostgreSQL and the cores' data folders go.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SimFleet } from '../../../device-sim/fleet/fleet';
import { createCore, type Core, type CoreConfig } from '../../core/create-core';
import type { DeviceRecord } from '../../gb28181/devices/record';
import { freePortRange } from '../../live/testing/live-rig';
import { freePort } from '../../sip/interop/sipp';
import { openPostgresEngine, type PostgresEngine } from '../../store/postgres/engine';
import { findPgBin, startPgServer, type PgServer } from '../../store/postgres/testing/pg-server';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './redis-process';

const pgBin = findPgBin();
/** '' where redis-server and PostgreSQL are installed; else the reason the tests skip. */
export const sharedStoreMissing = !redisAvailable ? REDIS_MISSING : !pgBin ? 'PostgreSQL is not installed' : '';

export interface SharedStoreRig {
  /** A core on the shared Redis and store, on free loopback ports with a data folder of its own. */
  core(): Promise<Core>;
  /** Fleets the test started: stopped before the cores close. */
  readonly fleets: SimFleet[];
  /** The test's own connection to the shared store. */
  reader(): PostgresEngine;
  /** A device's row as the shared store holds it. */
  stored(deviceId: string): Promise<DeviceRecord | undefined>;
}

async function flags() {
  const media = await freePortRange(10);
  return { sipIp: '127.0.0.1', sipPort: await freePort(), password: '12345678', mediaIp: '127.0.0.1', mediaPortMin: media, mediaPortMax: media + 9 };
}

export function sharedStoreRig(o: { clusterTuning: CoreConfig['clusterTuning']; dirPrefix: string }): SharedStoreRig {
  let redis: RedisProcess | undefined;
  let pg: PgServer | undefined;
  let url: string | undefined;
  let reader: PostgresEngine | undefined;
  const cores: Core[] = [];
  const fleets: SimFleet[] = [];
  const dirs: string[] = [];
  const readerOrThrow = () => {
    if (!reader) throw new Error('the shared store is not running for this test file');
    return reader;
  };

  beforeAll(async () => {
    redis = await startRedis();
    pg = await startPgServer(pgBin!);
    url = await pg.createDatabase('platform');
    reader = await openPostgresEngine(url);
  }, 120_000);

  afterAll(async () => {
    for (const f of fleets) await f.stop();
    for (const c of [...cores].reverse()) await c.close();
    await reader?.close();
    await redis?.stop();
    await pg?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  return {
    fleets,
    async core() {
      if (!redis || !url) throw new Error('the shared store is not running for this test file');
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), o.dirPrefix));
      dirs.push(dataDir);
      const core = await createCore({ dataDir, flags: await flags(), statsIntervalMs: 0, redis: redis.url, store: { kind: 'postgres', url }, clusterTuning: o.clusterTuning });
      cores.push(core);
      return core;
    },
    reader: readerOrThrow,
    async stored(deviceId) {
      return (await readerOrThrow().devices.loadAll()).devices.find((d) => d.deviceId === deviceId);
    },
  };
}
