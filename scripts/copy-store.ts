// Copies a console's SQLite store (its data folder) into an empty PostgreSQL database, for a site moving to
// several servers (README: "SQLite or PostgreSQL"). Stop the console first: the data folder's lock is taken.
//   npx tsx scripts/copy-store.ts --data-dir DIR --to postgres://user:password@host:5432/database
import path from 'node:path';
import { parseStoreSpec } from '../src/main/config/store-spec';
import { copyStore } from '../src/main/store/copy';
import { openStoreEngine } from '../src/main/store/open';
import { acquireDataLock } from '../src/main/store/sqlite/data-lock';
import { DATABASE_FILE } from '../src/main/store/sqlite/database';
import { openSqliteEngine } from '../src/main/store/sqlite/engine';
import fs from 'node:fs';

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  const v = i > 0 ? process.argv[i + 1] : undefined;
  if (!v) throw new Error(`${name} is required: npx tsx scripts/copy-store.ts --data-dir DIR --to postgres://user:password@host:5432/database`);
  return v;
}

async function main(): Promise<void> {
  const dir = path.resolve(arg('--data-dir'));
  const to = parseStoreSpec(arg('--to'));
  if (to.kind !== 'postgres') throw new Error('--to must be a postgres:// URL');
  if (!fs.existsSync(path.join(dir, DATABASE_FILE))) throw new Error(`${dir} holds no ${DATABASE_FILE}: give the console's --data-dir`);
  const lock = acquireDataLock(dir);
  const source = openSqliteEngine(dir);
  try {
    const target = await openStoreEngine(to, dir);
    try {
      const n = await copyStore(source, target);
      console.log(
        `copied ${n.devices} devices, ${n.channels} channels, ${n.events} device events, ${n.settings} settings, ${n.alarms} alarms and ${n.positions} positions`,
      );
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
    lock.release();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
