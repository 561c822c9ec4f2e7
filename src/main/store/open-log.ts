// Picks the signalling log's engine to match the store engine (--store): SQLite in its own file in the data folder,
// held in memory, or the shared PostgreSQL table. The core sees only SignallingLog (signalling/log-engine.ts).
import os from 'node:os';
import type { StoreEngine } from './engine';
import { createMemorySignallingLog } from './memory/signalling-log';
import type { PostgresEngine } from './postgres/engine';
import { createPgSignallingLog } from './postgres/signalling-log';
import { createSignallingLog, type SqliteSignallingLog } from './signalling/signalling-log';
import type { LogEngineOptions, SignallingLog } from './signalling/log-engine';
import { LOG_DATABASE_FILE, openDatabase } from './sqlite/database';
import { LOG_MIGRATIONS } from './sqlite/migrations';

/** `instance` tags this instance's messages in the shared PostgreSQL table (default: host and process). */
export async function openSignallingLog(store: StoreEngine, dataDir: string, opts: LogEngineOptions & { instance?: string }): Promise<SignallingLog> {
  switch (store.kind) {
    case 'memory':
      return createMemorySignallingLog(opts);
    case 'postgres':
      return createPgSignallingLog({ ...opts, pool: (store as PostgresEngine).pool, instance: opts.instance ?? `${os.hostname()}-${process.pid}` });
    case 'sqlite':
      return openSqliteLog(dataDir, opts);
  }
}

function openSqliteLog(dataDir: string, opts: LogEngineOptions): SignallingLog {
  // The log's writer thread commits all the time; in a file of its own, device writes never wait for its lock.
  const db = openDatabase(dataDir, LOG_MIGRATIONS, LOG_DATABASE_FILE);
  // Stored by a writer thread: the SIP thread only copies each message (README: what runs where).
  let log: SqliteSignallingLog;
  try {
    log = createSignallingLog({ ...opts, db, writeOn: 'worker' });
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    ...log,
    async close() {
      await log.close();
      if (db.open) db.close();
    },
  };
}
