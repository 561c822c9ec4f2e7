// Store engines under a registration storm's write pattern: N devices registering in batches of B per event-loop
// turn (as DeviceStore hands them over), then the same devices re-registering (registration columns only), then
// one keepalive round (touches, committed together). Prints devices/s per engine and the main (SIP) thread's CPU.
// PostgreSQL is started as a throwaway local server (store/postgres/testing/pg-server.ts), so its figure is
// loopback, fsync off.
//   npx tsx bench/store.bench.ts [devices=10000] [batch=500]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceStore } from '../src/main/store/devices/device-store';
import { newDeviceRecord } from '../src/main/store/devices/types';
import type { StoreEngine } from '../src/main/store/engine';
import { memoryEngine } from '../src/main/store/memory/engine';
import { openPostgresEngine } from '../src/main/store/postgres/engine';
import { findPgBin, startPgServer } from '../src/main/store/postgres/testing/pg-server';
import { openSqliteEngine } from '../src/main/store/sqlite/engine';

const N = Number(process.argv[2] ?? 10_000);

const B = Number(process.argv[3] ?? 500);

/** CPU time of the main (SIP) thread alone, not the engine's own threads (Linux; null elsewhere). */
function mainThreadMs(): number | null {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

async function run(name: string, engine: StoreEngine): Promise<void> {
  const store = await DeviceStore.open(engine.devices);
  // An empty batch first: the SQLite engine's writer thread has started before the clock runs.
  await engine.devices.commit([]);
  const errors: string[] = [];
  store.onError = (e) => errors.push(e.message);
  const ids = Array.from({ length: N }, (_, i) => `3402000000132${String(i).padStart(7, '0')}`);
  const records = ids.map((id) => Object.assign(newDeviceRecord(id, Date.now()), { online: true, ip: '10.0.0.7', port: 5060 }));
  const phase = async (what: string, each: (i: number) => void) => {
    const t0 = performance.now();
    const cpu0 = mainThreadMs();
    for (let i = 0; i < N; i++) {
      each(i);
      if (i % B === B - 1) store.flush();
    }
    await store.flushed();
    const ms = performance.now() - t0;
    const cpu = cpu0 === null ? '' : `, main thread ${(mainThreadMs()! - cpu0).toFixed(0)} ms CPU`;
    console.log(`${name.padEnd(9)} ${what.padEnd(16)} ${Math.round((N / ms) * 1000).toLocaleString('en').padStart(9)} devices/s  (${ms.toFixed(0)} ms${cpu})`);
  };
  await phase('first register', (i) => {
    store.saveDevice(records[i]);
    store.addEvent(ids[i], Date.now(), 'online', `registered from 10.0.0.7:5060 over UDP`);
  });
  await phase('re-register', (i) => {
    records[i].registeredAt = Date.now();
    store.saveRegistration(records[i]);
  });
  await phase('keepalive round', (i) => {
    records[i].lastSeenAt = Date.now();
    store.touchDevice(records[i]);
  });
  if (errors.length) console.log(`${name}: ${errors.length} errors, first: ${errors[0]}`);
  await store.close();
  await engine.close();
}

await run('memory', memoryEngine());
await run('sqlite', openSqliteEngine(fs.mkdtempSync(path.join(os.tmpdir(), 'gb-bench-store-'))));
const bin = findPgBin();
if (!bin) console.log('postgres  skipped: no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
else {
  const pg = await startPgServer(bin);
  try {
    await run('postgres', await openPostgresEngine(await pg.createDatabase('bench')));
  } finally {
    await pg.stop();
  }
}
