import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataLock, LOCK_FILE, processAlive } from './data-lock';
import { DataDirError } from './database';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gb-lock-'));

/** A real other process, so the lock sees a live PID that is not ours. */
function otherProcess(): Promise<{ pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () =>
      resolve({ pid: child.pid!, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill(); }) }),
    );
  });
}

describe('acquireDataLock', () => {
  it('refuses a second console on the same folder while the first one runs, naming its process', async () => {
    const dir = tempDir();
    const other = await otherProcess();
    try {
      fs.writeFileSync(path.join(dir, LOCK_FILE), `${other.pid}\n`);
      expect(() => acquireDataLock(dir)).toThrow(DataDirError);
      expect(() => acquireDataLock(dir)).toThrow(`another console (process ${other.pid}) is already using the data folder ${dir}`);
    } finally {
      await other.stop();
    }
    // Its process gone, the lock is stale and taken over.
    expect(processAlive(other.pid)).toBe(false);
    const lock = acquireDataLock(dir);
    expect(fs.readFileSync(lock.file, 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(fs.statSync(lock.file).mode & 0o777).toBe(0o600);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it('takes over a lock with garbage in it, and releasing twice is harmless', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), 'not a pid');
    const lock = acquireDataLock(dir);
    lock.release();
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});
