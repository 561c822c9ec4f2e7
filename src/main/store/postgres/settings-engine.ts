import type { Pool } from 'pg';
import type { SettingsEngine } from '../engine';
import { SerialWriter } from './serial-writer';

const UPSERT = `INSERT INTO settings (key, value, updated_at) SELECT key, value, $2 FROM json_each_text($1::json)
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
    // Each value is stored as its JSON text, as the SQLite engine stores it.
    const texts = JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)])));
    const steps = [{ query: { name: 'settings-upsert', text: UPSERT, values: [texts, Date.now()] } }];
    const [err] = await this.writer.write(steps, () => [steps]);
    if (err) throw err;
  }
}
