import type Database from 'better-sqlite3';

/** Key/value settings persisted as JSON text. */
export class SettingsRepo {
  private readonly getStmt;
  private readonly setStmt;
  private readonly allStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare<[string, string, number]>(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.allStmt = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  }

  get<T>(key: string): T | undefined {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value), Date.now());
  }

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.allStmt.all()) out[row.key] = JSON.parse(row.value);
    return out;
  }
}
