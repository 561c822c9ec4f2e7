// A process committing device batches through the SQLite engine's writer thread, for the crash test:
// `node --import tsx commit-child.ts <dataDir>`. Prints "COMMITTED <n>" once batch n (devices n*100 .. n*100+99)
// has resolved, and goes on until it is killed.
import { newDeviceRecord } from '../../devices/types';
import { openSqliteEngine } from '../engine';

export const BATCH = 100;
export const deviceIdOf = (i: number): string => `3402000000132${String(i).padStart(7, '0')}`;

const dir = process.argv[2];
if (dir) {
  const engine = openSqliteEngine(dir);
  for (let n = 0; ; n++) {
    const changes = Array.from({ length: BATCH }, (_, k) => ({ type: 'device' as const, device: newDeviceRecord(deviceIdOf(n * BATCH + k), n) }));
    const errors = await engine.devices.commit(changes);
    if (errors.length) throw errors[0];
    process.stdout.write(`COMMITTED ${n}\n`);
  }
}
