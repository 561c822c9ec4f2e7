import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportLog } from './export';
import { pruneExports } from './export-cleanup';
import { SignallingReader } from './reader';
import { tempDb } from './testing/db';
import { record, register } from './testing/messages';
import { createSignallingLog } from './signalling-log';
import { SignallingWriter } from './writer';

const DAY = 86_400_000;
const NOW = 1_724_112_000_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-exports-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An export file of `mb` MiB last written `ageDays` before NOW. */
function exportFile(dir: string, name: string, mb: number, ageDays: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.alloc(mb * 1024 * 1024));
  const t = new Date(NOW - ageDays * DAY);
  fs.utimesSync(file, t, t);
  return file;
}

describe('pruneExports', () => {
  it('deletes exports older than the retention days, then the oldest until the total fits; leaves other files alone', async () => {
    const dir = folder();
    exportFile(dir, 'signalling-20240801-100000.txt', 1, 19);
    exportFile(dir, 'signalling-20240815-100000.pcap', 10, 5);
    exportFile(dir, 'signalling-20240818-100000-1.pcap', 10, 2);
    exportFile(dir, 'signalling-20240819-100000.txt', 10, 1);
    exportFile(dir, 'notes.txt', 1, 400);
    const result = await pruneExports(dir, { logRetentionDays: 7, logMaxMb: 25 }, NOW);
    expect(result.deleted.map((f) => path.basename(f)).sort()).toEqual(['signalling-20240801-100000.txt', 'signalling-20240815-100000.pcap']);
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'signalling-20240818-100000-1.pcap', 'signalling-20240819-100000.txt']);
    expect(result.keptBytes).toBe(20 * 1024 * 1024);
  });

  it('never deletes the export just made, and a missing folder is fine', async () => {
    const dir = folder();
    const fresh = exportFile(dir, 'signalling-20240820-100000.pcap', 3, 0);
    expect((await pruneExports(dir, { logRetentionDays: 7, logMaxMb: 1 }, NOW, fresh)).deleted).toEqual([]);
    expect(await pruneExports(path.join(dir, 'none'), { logRetentionDays: 7, logMaxMb: 1 }, NOW)).toEqual({ deleted: [], keptBytes: 0 });
  });
});

describe('export files', () => {
  it('are written readable by this user only, in a folder only this user can open', async () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    const w = new SignallingWriter(t.db);
    w.onMessage(record(register(), 'in', NOW));
    w.flush();
    const dir = path.join(t.dir, 'exports');
    const { path: file } = await exportLog(new SignallingReader(t.db), {}, 'text', dir, NOW);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('log.export cleans the folder after writing, keeping the new file', async () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    const dir = path.join(t.dir, 'exports');
    fs.mkdirSync(dir);
    const old = exportFile(dir, 'signalling-20240801-100000.txt', 1, 30);
    const log = createSignallingLog({ db: t.db, settings: () => ({ logRetentionDays: 7, logMaxMb: 64 }), exportDir: dir, timers: false, now: () => NOW });
    cleanups.unshift(() => log.close());
    const { path: file } = await log.export({}, 'text');
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(file)).toBe(true);
  });
});
