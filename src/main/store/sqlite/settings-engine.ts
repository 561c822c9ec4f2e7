import type Database from 'better-sqlite3';
import type { SettingsEngine } from '../engine';
import { SettingsRepo } from '../settings/settings-repo';

export class SqliteSettingsEngine implements SettingsEngine {
  private readonly repo: SettingsRepo;

  constructor(private readonly db: Database.Database) {
    this.repo = new SettingsRepo(db);
  }

  async loadAll(): Promise<Record<string, unknown>> {
    return this.repo.all();
  }

  async commit(values: Record<string, unknown>): Promise<void> {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) this.repo.set(key, value);
    })();
  }
}
