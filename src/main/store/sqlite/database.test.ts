import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DataDirError, openDatabase } from './database';
import { MIGRATIONS } from './migrations';
import { SettingsRepo } from '../settings/settings-repo';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gb-store-'));
}

const modeOf = (f: string) => fs.statSync(f).mode & 0o777;

describe('openDatabase', () => {
  it('creates the data folder 0700 and the database with its WAL files 0600, and tightens an older 0644 file', () => {
    const dir = path.join(tempDir(), 'data');
    const db = openDatabase(dir);
    new SettingsRepo(db).set('sipPort', 5070);
    expect(modeOf(dir)).toBe(0o700);
    for (const f of ['console.sqlite', 'console.sqlite-wal', 'console.sqlite-shm']) expect(modeOf(path.join(dir, f)), f).toBe(0o600);
    db.close();
    fs.chmodSync(path.join(dir, 'console.sqlite'), 0o644);
    openDatabase(dir).close();
    expect(modeOf(path.join(dir, 'console.sqlite'))).toBe(0o600);
  });

  it('creates the file in WAL mode with every migration applied', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.close();
  });

  it('keeps settings across a reopen and does not re-run migrations', () => {
    const dir = tempDir();
    const first = openDatabase(dir);
    new SettingsRepo(first).set('sipPort', 5070);
    first.close();
    const second = openDatabase(dir);
    expect(new SettingsRepo(second).get('sipPort')).toBe(5070);
    second.close();
  });

  it('applies only migrations above the stored version', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const extra = [...MIGRATIONS, { version: 999, name: 'probe', sql: 'CREATE TABLE probe (x INTEGER);' }];
    const db = openDatabase(dir, extra);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'probe'").get()).toBeTruthy();
    expect(db.pragma('user_version', { simple: true })).toBe(999);
    db.close();
  });

  it('names the flag and the fault when the data folder is not writable', () => {
    const parent = tempDir();
    const file = path.join(parent, 'a-file');
    fs.writeFileSync(file, 'x');
    expect(() => openDatabase(path.join(file, 'sub'))).toThrow(DataDirError);
    expect(() => openDatabase(path.join(file, 'sub'))).toThrow(/--data-dir .*cannot create the folder/);
  });
});

it('a connection keeps at most about 4 MB of pages in memory after reading a 40 MB table (16.6 MB with better-sqlite3\'s default cache)', { timeout: 60_000 }, async () => {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/page-cache-child.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], { timeout: 50_000 });
  const { grew } = JSON.parse(stdout) as { grew: number };
  expect(grew).toBeLessThan(8e6);
});
