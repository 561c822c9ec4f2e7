import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';

export const DATABASE_FILE = 'console.sqlite';

export class DataDirError extends Error {}

/** Makes sure the data folder exists and is writable, with a sentence an installer can act on when it is not. */
export function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new DataDirError(`--data-dir ${dir}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, 'ok');
    fs.unlinkSync(probe);
  } catch (err) {
    throw new DataDirError(
      `--data-dir ${dir}: the folder is not writable (${(err as NodeJS.ErrnoException).code ?? err}); pick a folder this user can write to`,
    );
  }
}

export function openDatabase(dir: string, migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  ensureWritableDir(dir);
  // Under Electron, `npm start` points this at a better-sqlite3 build for Electron's ABI; plain Node uses its own.
  const nativeBinding = process.env.GB_SQLITE_BINDING || undefined;
  const db = new Database(path.join(dir, DATABASE_FILE), nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, migrations);
  return db;
}
