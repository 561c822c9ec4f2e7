import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';

export const DATABASE_FILE = 'console.sqlite';
/** The signalling log's own file (see LOG_MIGRATIONS). */
export const LOG_DATABASE_FILE = 'signalling.sqlite';

export class DataDirError extends Error {}

/** Makes sure the data folder exists and is writable, with a sentence an installer can act on when it is not. */
export function ensureWritableDir(dir: string): void {
  try {
    // A new folder is this user's only; an existing one the installer picked keeps its mode.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
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

export function openDatabase(dir: string, migrations: readonly Migration[] = MIGRATIONS, fileName = DATABASE_FILE): Database.Database {
  ensureWritableDir(dir);
  const file = path.join(dir, fileName);
  restrictToOwner(file);
  const db = connect(file);
  applyMigrations(db, migrations);
  return db;
}

/**
 * Each connection's page cache (KiB). better-sqlite3 builds SQLite with 16 MB a connection, and a writer thread's
 * connection fills it during a storm and keeps it: 19 MB of malloc for each writer thread after a storm. The
 * pages a keepalive touches (the device rows, the log's index tails) fit in far less; others come from the OS's
 * file cache.
 */
export const PAGE_CACHE_KB = 4000;

/**
 * A connection to a database file with the console's pragmas. Several connections share one file (a writer
 * thread's and the main thread's): WAL lets them read while another writes, and each waits up to 5 s for the
 * write lock instead of failing with SQLITE_BUSY.
 */
export function connect(file: string): Database.Database {
  // Under Electron, `npm start` points this at a better-sqlite3 build for Electron's ABI; plain Node uses its own.
  const nativeBinding = process.env.GB_SQLITE_BINDING || undefined;
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${PAGE_CACHE_KB}`);
  return db;
}

/**
 * The database holds device passwords: create it readable by this user only (SQLite gives its -wal and -shm
 * files the database file's mode) and tighten files an older version created with the umask's mode.
 */
export function restrictToOwner(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
