import type Database from 'better-sqlite3';
import type { Migration } from './migrations';

/** Applies the migrations above the stored user_version, each in its own transaction. Returns versions applied. */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
  const applied: number[] = [];
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
