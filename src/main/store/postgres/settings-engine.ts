import type { Pool } from 'pg';
import type { SettingsEngine } from '../engine';
import { SerialWriter } from './serial-writer';

const UPSERT = `INSERT INTO settings (key, value, updated_at) SELECT key, value, $3 FROM unnest($1::text[], $2::text[]) AS x(key, value)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

export class PgSettingsEngine implements SettingsEngine {
  private readonly writer: SerialWriter;

  constructor(private readonly pool: Pool) {
    this.writer = new SerialWriter(pool);
  }

  async loadAll(): Promise<Record<string, unknown>> {
    const r = await this.pool.query<{ key: string; value: string }>('SELECT key, value FROM settings');
    return Object.fromEntries(r.rows.map((x) => [x.key, JSON.parse(x.value)]));
  }

  async commit(values: Record<string, unknown>): Promise<void> {
    // Each value is stored as its JSON text, as the SQLite engine stores it (a NUL stays escaped in that text).
    const entries = Object.entries(values);
    const texts = [entries.map(([k]) => k.replace(/\0/g, '')), entries.map(([, v]) => JSON.stringify(v))];
    const steps = [{ query: { name: 'settings-upsert', text: UPSERT, values: [...texts, Date.now()] } }];
    const [err] = await this.writer.write(steps, () => [steps]);
    if (err) throw err;
  }
}
