// One console per data folder: two processes on one database would fight over the SIP port's devices, the
// signalling log and the live sessions. The lock file holds the owner's PID; a lock whose process is gone is stale.
import fs from 'node:fs';
import path from 'node:path';
import { DataDirError } from './database';

export const LOCK_FILE = 'console.lock';

export interface DataLock {
  readonly file: string;
  release(): void;
}

/** True when a process with this PID exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0], 10);
    return Number.isNaN(pid) ? null : pid;
  } catch {
    return null;
  }
}

export function acquireDataLock(dir: string, alive: (pid: number) => boolean = processAlive): DataLock {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n${new Date().toISOString()}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataDirError(`--data-dir ${dir}: cannot create the lock file ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
      }
    }
    const owner = readOwner(file);
    if (owner !== null && owner !== process.pid && alive(owner)) {
      throw new DataDirError(
        `another console (process ${owner}) is already using the data folder ${dir}; stop it first, or start this one with ` +
          `--data-dir <another folder>. If no console is running, delete ${file}`,
      );
    }
    // Stale: its process is gone (or it is ours from an earlier start in this process).
    fs.rmSync(file, { force: true });
  }
  throw new DataDirError(`--data-dir ${dir}: another console started on this folder at the same moment; try again`);
}
