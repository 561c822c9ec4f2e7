// Several console servers starting at once against one new database: one migrates, the others wait and find it done.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresEngine } from './engine';
import { PG_MIGRATIONS } from './migrations';
import { pgForFile } from './testing/pg-for-file';

const pgFile = pgForFile();
const pgBin = pgFile.bin;

describe.skipIf(!pgBin)(`postgres migrations${pgFile.skipReason}`, () => {
  it('three servers opening a new database at once apply each migration once', async () => {
    const url = await pgFile.server().createDatabase('migrate_race');
    const engines = await Promise.all([1, 2, 3].map(() => openPostgresEngine(url, { poolSize: 2 })));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
      await Promise.all(engines.map((e) => e.close()));
    }
  });

  it('numbers migrations without gaps or repeats (append only)', () => {
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
  });
});
