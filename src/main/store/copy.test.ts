// Moving a site's store from SQLite to another engine keeps what the console shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/types/devices';
import { copyStore, StoreCopyError } from './copy';
import { newDeviceRecord } from './devices/types';
import type { StoreEngine } from './engine';
import { memoryEngine } from './memory/engine';
import { openPostgresEngine } from './postgres/engine';
import { pgForFile } from './postgres/testing/pg-for-file';
import { openSqliteEngine } from './sqlite/engine';

const DEV = '34020000001180000001';
const pgFile = pgForFile();
const pgBin = pgFile.bin;

const channel = (channelId: string, name: string): Channel => ({
  deviceId: DEV, channelId, name, online: true, status: 'ON', manufacturer: null, model: null, owner: null, civilCode: null,
  block: null, address: null, parental: false, parentId: DEV, businessGroupId: null, ptzType: 1, ipAddress: null, port: null,
  longitude: 117.2, latitude: 31.8, raw: { Name: name }, updatedAt: 5, customName: null,
});

async function filledSqlite(): Promise<StoreEngine> {
  const e = openSqliteEngine(fs.mkdtempSync(path.join(os.tmpdir(), 'gb-copy-')));
  const d = Object.assign(newDeviceRecord(DEV, 1), { deviceName: '前门NVR', password: 'dev-pw-1', customName: '大门' });
  const errors = await e.devices.commit([
    { type: 'device', device: d },
    { type: 'channels', channels: [channel('34020000001320000001', '大门'), channel('34020000001320000002', '后门')] },
    { type: 'event', deviceId: DEV, time: 10, kind: 'online', message: 'first' },
    { type: 'event', deviceId: DEV, time: 20, kind: 'info', message: 'second' },
    { type: 'failure', failure: { deviceId: DEV, address: '10.0.0.7:5060', transport: 'UDP', reason: 'wrong-password', message: 'wrong password (2nd time)', count: 2, firstAt: 1, lastAt: 2 } },
  ]);
  expect(errors).toEqual([]);
  await e.settings.commit({ password: 'site-pw-1', sipPort: 5070 });
  const alarm = { deviceId: DEV, channelId: DEV, priority: 1, method: 5, type: '2', eventType: null, time: null, timeRaw: null, description: '越界', longitude: null, latitude: null, via: 'NOTIFY' as const };
  const a1 = await e.alarms.appendAlarm({ ...alarm, receivedAt: 100 });
  await e.alarms.appendAlarm({ ...alarm, receivedAt: 200, priority: 2 });
  await e.alarms.acknowledge(a1.id, 150);
  await e.alarms.appendPosition({ deviceId: DEV, targetId: DEV, time: 300, longitude: 117, latitude: 31, speed: null, direction: null, altitude: null, receivedAt: 300 });
  await e.alarms.setPresetName(DEV, '34020000001320000001', 3, '门口');
  await e.alarms.setWanted(DEV, 'MobilePosition', true, 5);
  return e;
}

const targets: Array<{ name: string; skip?: boolean; open(): Promise<StoreEngine> }> = [
  { name: 'memory', open: async () => memoryEngine() },
  { name: 'postgres', skip: !pgBin, open: async () => openPostgresEngine(await pgFile.server().createDatabase(`copy_${process.pid}_${Date.now()}`), { poolSize: 2 }) },
];

for (const t of targets) {
  describe.skipIf(t.skip)(`copying a SQLite store into ${t.name}${t.skip ? ' (skipped: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin)' : ''}`, () => {
    it('keeps devices, channels, events, failures, settings, alarms, positions, preset names and wanted subscriptions', async () => {
      const from = await filledSqlite();
      const to = await t.open();
      const counts = await copyStore(from, to);
      expect(counts).toEqual({ devices: 1, channels: 2, events: 2, settings: 2, alarms: 2, positions: 1 });
      expect(await to.devices.loadAll()).toEqual(await from.devices.loadAll());
      expect((await to.devices.recentEvents(DEV, 10)).map((e) => e.message)).toEqual(['second', 'first']);
      expect(await to.settings.loadAll()).toEqual({ password: 'site-pw-1', sipPort: 5070 });
      const strip = (xs: Array<{ id: number }>) => xs.map(({ id: _id, ...rest }) => rest);
      expect(strip(await to.alarms.queryAlarms({}))).toEqual(strip(await from.alarms.queryAlarms({})));
      expect(strip(await to.alarms.queryPositions({ deviceId: DEV }))).toEqual(strip(await from.alarms.queryPositions({ deviceId: DEV })));
      expect(await to.alarms.loadPresetNames()).toEqual(await from.alarms.loadPresetNames());
      expect(await to.alarms.loadWanted()).toEqual(await from.alarms.loadWanted());
      await from.close();
      await to.close();
    });

    it('refuses a target that already holds devices or settings, and changes nothing there', async () => {
      const from = await filledSqlite();
      const to = await t.open();
      await to.settings.commit({ sipPort: 5080 });
      await expect(copyStore(from, to)).rejects.toThrow(StoreCopyError);
      await expect(copyStore(from, to)).rejects.toThrow(/already holds 0 devices and 1 settings; copy into an empty database/);
      expect(await to.settings.loadAll()).toEqual({ sipPort: 5080 });
      expect((await to.devices.loadAll()).devices).toEqual([]);
      await from.close();
      await to.close();
    });
  });
}
