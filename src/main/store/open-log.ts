// Picks the signalling log's engine to match the store engine (--store): SQLite in its own file in the data folder,
// held in memory, or the shared PostgreSQL table. The core sees only SignallingLog (signalling/log-engine.ts).
import type { StoreEngine } from './engine';
import { createMemorySignallingLog } from './memory/signalling-log';
import { createSignallingLog } from './signalling/signalling-log';
import type { LogEngineOptions, SignallingLog } from './signalling/log-engine';
import { LOG_DATABASE_FILE, openDatabase } from './sqlite/database';
import { LOG_MIGRATIONS } from './sqlite/migrations';

export async function openSignallingLog(store: Pick<StoreEngine, 'kind'>, dataDir: string, opts: LogEngineOptions): Promise<SignallingLog> {
  switch (store.kind) {
    case 'memory':
      return createMemorySignallingLog(opts);
    case 'postgres':
    case 'sqlite':
      return openSqliteLog(dataDir, opts);
  }
}

function openSqliteLog(dataDir: string, opts: LogEngineOptions): SignallingLog {
  // The log's writer thread commits all the time; in a file of its own, device writes never wait for its lock.
  const db = openDatabase(dataDir, LOG_MIGRATIONS, LOG_DATABASE_FILE);
  // Stored by a writer thread: the SIP thread only copies each message (README: what runs where).
  const log = createSignallingLog({ ...opts, db, writeOn: 'worker' });
  return {
    ...log,
    async close() {
      await log.close();
      if (db.open) db.close();
    },
  };
}
