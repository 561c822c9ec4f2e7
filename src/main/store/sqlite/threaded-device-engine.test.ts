// The console's device tables are written on a thread of their own, on its own connection to the same file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../shared/types/devices';
import { serverText } from '../../../shared/texts';
import { DeviceRepo } from '../devices/device-repo';
import { newDeviceRecord } from '../devices/types';
import type { DeviceChange } from '../engine';
import { openDatabase as openWith } from './database';
import { SqliteDeviceEngine } from './device-engine';
import { sqliteEngine } from './engine';
import { CONSOLE_MIGRATIONS } from './migrations';
import { BATCH, deviceIdOf } from './testing/commit-child';
import { ThreadedDeviceEngine } from './threaded-device-engine';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEV = '34020000001180000001';
const openDatabase = (dir: string) => openWith(dir, CONSOLE_MIGRATIONS);
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gb-devthread-'));

const channel = (deviceId: string, channelId: string): Channel => ({
  deviceId, channelId, name: '大门', online: true, status: 'ON', manufacturer: null, model: null, owner: null, civilCode: null,
  block: null, address: null, parental: false, parentId: deviceId, businessGroupId: null, ptzType: 1, ipAddress: null, port: null,
  longitude: 117.2, latitude: 31.8, raw: { Name: '大门', Info: { PTZType: '1' } }, updatedAt: 5, customName: null,
});

const opened: Array<{ close(): Promise<void> }> = [];
function open(dir = tempDir()) {
  const db = openDatabase(dir);
  const store = sqliteEngine(db);
  opened.push(store);
  return { db, store, devices: store.devices as ThreadedDeviceEngine, dir };
}
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe('the SQLite device engine', () => {
  it('collects its thread\'s heap when asked (once a storm is over), compacting what a storm\'s batches left', { timeout: 60_000 }, async () => {
    const { devices } = open();
    for (let b = 0; b < 10; b++) {
      const changes: DeviceChange[] = Array.from({ length: 2_000 }, (_, i) => ({ type: 'device', device: Object.assign(newDeviceRecord(deviceIdOf(b * 2_000 + i), 1), { info: { Firmware: 'V5.5'.repeat(20) } }) }));
      expect(await devices.commit(changes)).toEqual([]);
    }
    const heap = await devices.collectHeap();
    expect(heap).not.toBeNull();
    expect(heap!.totalAfter).toBeLessThan(heap!.totalBefore);
    expect(heap!.usedAfter).toBeLessThan(heap!.totalAfter);
  });

  it('commits on its own thread: the batch is not written when commit returns, and the main connection reads it once it resolves', async () => {
    const { db, devices } = open();
    expect(devices.thread?.threadId).not.toBe(threadId);
    const d = Object.assign(newDeviceRecord(DEV, 1), {
      online: true,
      ip: '10.0.0.7',
      lastError: serverText('device.offline', { reason: serverText('error.detail', { message: 'x' }, 'x') }, 'went offline: x'),
      status: { Online: 'ONLINE', Alarmstatus: [{ DeviceID: '1' }] },
      info: { Firmware: 'V5.5' },
    });
    // The main connection holds the write lock: a commit on this thread would go through (inside its transaction).
    db.exec('BEGIN IMMEDIATE');
    const done = devices.commit([{ type: 'device', device: d }, { type: 'channels', channels: [channel(DEV, '34020000001320000001')] }]);
    expect(new DeviceRepo(db).get(DEV)).toBeUndefined();
    // The writer waits for the lock (busy_timeout) instead of failing with SQLITE_BUSY.
    db.exec('COMMIT');
    expect(await done).toEqual([]);
    expect(new DeviceRepo(db).get(DEV)).toEqual(d);
    expect(await devices.loadDevice(DEV)).toEqual({ device: d, channels: [channel(DEV, '34020000001320000001')] });
  });

  it('reads the batch as it was when commit returned, not the caller’s later changes', async () => {
    const { devices } = open();
    const d = newDeviceRecord(DEV, 1);
    const done = devices.commit([{ type: 'device', device: d }]);
    d.deviceName = 'changed after commit';
    expect(await done).toEqual([]);
    expect((await devices.loadDevice(DEV))?.device.deviceName).toBeNull();
  });

  it('commits batches in the order given and settles them in that order', async () => {
    const { devices } = open();
    const settled: number[] = [];
    const named = (name: string) => Object.assign(newDeviceRecord(DEV, 1), { deviceName: name });
    const batches: DeviceChange[][] = [
      [{ type: 'device', device: named('A') }, { type: 'event', deviceId: DEV, time: 1, kind: 'online', message: 'first' }],
      [{ type: 'device', device: named('B') }, { type: 'event', deviceId: DEV, time: 2, kind: 'info', message: 'second' }],
      [{ type: 'remove-device', deviceId: DEV }, { type: 'device', device: named('C') }, { type: 'event', deviceId: DEV, time: 3, kind: 'info', message: 'third' }],
    ];
    const all = batches.map((b, i) => devices.commit(b).then((errors) => (settled.push(i), errors)));
    expect(await Promise.all(all)).toEqual([[], [], []]);
    expect(settled).toEqual([0, 1, 2]);
    expect((await devices.loadDevice(DEV))?.device.deviceName).toBe('C');
    expect((await devices.recentEvents(DEV, 10)).map((e) => e.message)).toEqual(['third']);
  });

  it('returns a failing change’s error, with the message the engine gives on this thread, and commits the others', async () => {
    const { devices } = open();
    const batch: DeviceChange[] = [
      { type: 'device', device: newDeviceRecord(DEV, 1) },
      { type: 'channels', channels: [channel('34020000001180000099', '34020000001320000099')] },
      { type: 'event', deviceId: DEV, time: 1, kind: 'online', message: 'registered' },
    ];
    const errors = await devices.commit(batch);
    const inThread = new SqliteDeviceEngine(openDatabase(tempDir())).commitNow(batch);
    expect(inThread.map((e) => e.message)).toEqual(['FOREIGN KEY constraint failed']);
    expect(errors.map((e) => e.message)).toEqual(inThread.map((e) => e.message));
    expect(errors[0]).toBeInstanceOf(Error);
    expect(errors[0]).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect((await devices.loadAll()).devices.map((d) => d.deviceId)).toEqual([DEV]);
    expect((await devices.recentEvents(DEV, 10)).map((e) => e.message)).toEqual(['registered']);
  });

  it('settings and alarms written on the main connection while the thread commits wait for the lock instead of failing', async () => {
    const { db, store, devices } = open();
    let settled = false;
    const done = devices.commit(Array.from({ length: 5000 }, (_, i) => ({ type: 'device' as const, device: newDeviceRecord(deviceIdOf(i), 1) }))).then((errors) => ((settled = true), errors));
    let writes = 0;
    while (!settled) {
      await store.settings.commit({ sipPort: 5060 + (writes % 10) });
      await store.alarms.appendAlarm({ deviceId: DEV, channelId: DEV, priority: 1, method: 5, type: '2', eventType: null, time: null, timeRaw: null, description: 'x', longitude: null, latitude: null, via: 'NOTIFY', receivedAt: writes });
      writes++;
      await new Promise((r) => setImmediate(r));
    }
    expect(await done).toEqual([]);
    expect(writes).toBeGreaterThan(0);
    expect((await devices.loadAll()).devices).toHaveLength(5000);
    expect(db.prepare('SELECT count(*) AS n FROM alarms').get()).toEqual({ n: writes });
  });

  it('writes only the registration columns of a device it knows is stored, and a whole record once it learns the device is gone', async () => {
    const { db, devices } = open();
    const d = Object.assign(newDeviceRecord(DEV, 1), { deviceName: 'stored name' });
    expect(await devices.commit([{ type: 'device', device: d }])).toEqual([]);
    Object.assign(d, { deviceName: 'not a registration column', ip: '10.0.0.9', port: 5070, online: true, registeredAt: 7 });
    expect(await devices.commit([{ type: 'registration', device: d }])).toEqual([]);
    expect((await devices.loadDevice(DEV))?.device).toEqual({ ...d, deviceName: 'stored name' });

    db.prepare('DELETE FROM devices WHERE device_id = ?').run(DEV);
    const lost = await devices.commit([{ type: 'registration', device: d }]);
    expect(lost.map((e) => e.message)).toEqual([`device ${DEV} is not stored, so its registration was not saved; its next change writes it whole`]);
    expect(await devices.commit([{ type: 'registration', device: d }])).toEqual([]);
    expect((await devices.loadDevice(DEV))?.device).toEqual(d);
  });

  it('close waits for the commits handed over, then ends the thread; later commits are refused with a reason', async () => {
    const { devices, store, dir } = open();
    const ids = Array.from({ length: 2000 }, (_, i) => deviceIdOf(i));
    const done = devices.commit(ids.map((id) => ({ type: 'device', device: newDeviceRecord(id, 1) })));
    const thread = devices.thread!;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await store.close();
    expect(await done).toEqual([]);
    await exited;
    expect(devices.thread).toBeNull();
    const late = await devices.commit([{ type: 'device', device: newDeviceRecord(DEV, 1) }]);
    expect(late.map((e) => e.message)).toEqual(['device store: closed; 1 changes were not saved']);
    const db = openDatabase(dir);
    expect(db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 2000 });
    db.close();
  });

  it('if the thread dies, the batches it had not confirmed and later ones are written on the main connection, with a reason', async () => {
    const { db, devices } = open();
    const pending = devices.commit([{ type: 'device', device: newDeviceRecord(DEV, 1) }]);
    const thread = devices.thread!;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await thread.terminate();
    await exited;
    expect(devices.thread).toBeNull();
    const later = '34020000001180000002';
    const next = devices.commit([{ type: 'device', device: newDeviceRecord(later, 1) }]);
    // Written on this thread: there when commit returns.
    expect(new DeviceRepo(db).get(later)).toBeDefined();
    expect(new DeviceRepo(db).get(DEV)).toBeDefined();
    // The reason comes once, with the first batch settled after the loss (the pending one, unless it was confirmed).
    expect([...(await pending), ...(await next)].map((e) => e.message)).toEqual([
      expect.stringMatching(/^device store: the writer thread stopped \(exit code \d+\); the main thread writes the device tables from now on$/),
    ]);
  });

  it('a batch whose commit resolved survives SIGKILL of the process', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing/commit-child.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let confirmed = -1;
    try {
      confirmed = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the child never confirmed 3 batches')), 30_000);
        child.once('exit', (code) => reject(new Error(`the child ended (${code})`)));
        readline.createInterface({ input: child.stdout! }).on('line', (l) => {
          const n = Number(l.split(' ')[1]);
          if (n >= 3) {
            clearTimeout(timer);
            child.kill('SIGKILL');
            resolve(n);
          }
        });
      });
    } finally {
      child.kill('SIGKILL');
    }
    const db = openDatabase(dir);
    const repo = new DeviceRepo(db);
    for (let i = 0; i < (confirmed + 1) * BATCH; i++) expect(repo.get(deviceIdOf(i)), deviceIdOf(i)).toBeDefined();
    db.close();
  });
});
