// PostgreSQL (`--store postgres://…`): several console servers share one database that operators already run
// and back up. A pool of connections, named (prepared) statements, numbered migrations at start-up.
import type { Pool } from 'pg';
import type { StoreEngine } from '../engine';
import { PgAlarmEngine } from './alarm-engine';
import { PgDeviceEngine } from './device-engine';
import { applyPgMigrations } from './migrate';
import { PG_MIGRATIONS } from './migrations';
import { createPool, redactUrl } from './pool';
import { PgSettingsEngine } from './settings-engine';

export interface PostgresEngine extends StoreEngine {
  readonly kind: 'postgres';
  /** For other features that keep tables in the same database. */
  readonly pool: Pool;
}

export class PostgresStoreError extends Error {}

export async function openPostgresEngine(url: string, opts: { poolSize?: number; onError?: (err: Error) => void } = {}): Promise<PostgresEngine> {
  const pool = createPool(url, opts.poolSize);
  // An idle connection the server dropped must not take the process down; the pool opens a new one when needed.
  pool.on('error', (err) => opts.onError?.(new Error(`PostgreSQL ${redactUrl(url)}: an idle connection was lost (${err.message})`)));
  try {
    await applyPgMigrations(pool, PG_MIGRATIONS);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new PostgresStoreError(`--store ${redactUrl(url)}: cannot open the PostgreSQL store (${(err as Error).message})`);
  }
  const devices = new PgDeviceEngine(pool);
  let closed = false;
  return {
    kind: 'postgres',
    pool,
    devices,
    settings: new PgSettingsEngine(pool),
    alarms: new PgAlarmEngine(pool),
    async close() {
      if (closed) return;
      closed = true;
      await devices.idle();
      await pool.end();
    },
  };
}
