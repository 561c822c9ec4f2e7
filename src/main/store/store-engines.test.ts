// One suite, every engine: what the core stores reads back the same from sqlite, memory and postgres.
// PostgreSQL runs as an ordinary process in a temporary folder (postgres/testing/pg-server.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverText } from '../../shared/texts';
import type { Channel, RegistrationFailure } from '../../shared/types/devices';
import { DeviceStore } from './devices/device-store';
import { newDeviceRecord } from './devices/types';
import { EVENTS_PER_DEVICE, type NewAlarm, type StoreEngine } from './engine';
import { memoryEngine } from './memory/engine';
import { openPostgresEngine } from './postgres/engine';
import { findPgBin, startPgServer, type PgServer } from './postgres/testing/pg-server';
import { StoredSettings } from './settings/stored-settings';
import { openSqliteEngine } from './sqlite/engine';

const DEV = '34020000001180000001';
const pgBin = findPgBin();
let pgServer: PgServer | undefined;
let dbCount = 0;

beforeAll(async () => {
  if (pgBin) pgServer = await startPgServer(pgBin);
}, 60_000);
afterAll(async () => {
  await pgServer?.stop();
});

/** A fresh, empty store, and how to open it again after closing it (the memory engine: the same instance). */
interface Fixture {
  engine: StoreEngine;
  reopen(): Promise<StoreEngine>;
}

const ENGINES: Array<{ name: string; skip?: string; fresh(): Promise<Fixture> }> = [
  {
    name: 'sqlite',
    async fresh() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-engine-'));
      return { engine: openSqliteEngine(dir), reopen: async () => openSqliteEngine(dir) };
    },
  },
  {
    name: 'memory',
    async fresh() {
      const engine = memoryEngine();
      return { engine, reopen: async () => engine };
    },
  },
  {
    name: 'postgres',
    skip: pgBin ? undefined : 'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)',
    async fresh() {
      const url = await pgServer!.createDatabase(`store_${process.pid}_${++dbCount}`);
      return { engine: await openPostgresEngine(url, { poolSize: 4 }), reopen: () => openPostgresEngine(url, { poolSize: 4 }) };
    },
  },
];

function channel(deviceId: string, channelId: string, name: string): Channel {
  return {
    deviceId, channelId, name, online: true, status: 'ON', manufacturer: 'Hikvision', model: null, owner: null,
    civilCode: '340200', block: null, address: '一号门', parental: false,
    parentId: '34020000001180000001/34020000002150000001', businessGroupId: '34020000002150000001', ptzType: 1,
    ipAddress: null, port: null, longitude: 117.2, latitude: 31.8,
    raw: { DeviceID: channelId, Name: name, Info: { PTZType: '1' } }, updatedAt: 1000, customName: null,
  };
}

const failure = (deviceId: string, count: number): RegistrationFailure => ({
  deviceId, address: '10.0.0.7:5060', transport: 'TCP', reason: 'wrong-password',
  message: `wrong password (${count}th time)`, count, firstAt: 900, lastAt: 900 + count,
});

const alarm = (deviceId: string, receivedAt: number, extra: Partial<NewAlarm> = {}): NewAlarm => ({
  deviceId, channelId: deviceId, priority: 1, method: 5, type: '2', eventType: null, time: null, timeRaw: null,
  description: '越界', longitude: null, latitude: null, via: 'NOTIFY', receivedAt, ...extra,
});

/** Reopens through close: what the next start of the process reads (the memory engine lives on as it is). */
async function restart(f: Fixture, engine: StoreEngine): Promise<StoreEngine> {
  if (engine.kind !== 'memory') await engine.close();
  return f.reopen();
}

for (const e of ENGINES) {
  describe.skipIf(e.skip !== undefined)(`store engine ${e.name}${e.skip ? ` (skipped: ${e.skip})` : ''}`, () => {
    it('devices, channels, events and failures read back after a restart', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      const d = newDeviceRecord(DEV, 1000);
      Object.assign(d, { online: true, ip: '10.0.0.7', port: 5060, transport: 'TCP', charset: 'gb18030', info: { DeviceName: '前门NVR' }, registeredAt: 1_700_000_000_000 });
      // Sentences: a coded one (with a sentence inside) and a plain one, as an older row holds.
      d.lastError = serverText('dev.targetMismatch', { deviceId: DEV, mismatch: serverText('reg.target.domain', { domain: '4401020049' }, 'domain 4401020049') }, 'registered to domain 4401020049');
      d.targetMismatch = 'registered to domain 4401020049';
      store.saveDevice(d);
      store.saveChannels([channel(DEV, '34020000001320000001', '大门'), channel(DEV, '34020000001320000002', '后门')]);
      store.addEvent(DEV, 1000, 'online', 'registered from 10.0.0.7:5060 over TCP');
      store.saveFailure(failure(DEV, 1));
      await store.close();

      const engine = await restart(f, f.engine);
      const again = await DeviceStore.open(engine.devices);
      expect(again.devices.all()).toHaveLength(1);
      expect(again.devices.all()[0]).toEqual(d);
      expect(again.channels.all().map((c) => c.name)).toEqual(['大门', '后门']);
      expect(again.channels.all()[0]).toEqual(channel(DEV, '34020000001320000001', '大门'));
      expect((await again.recentEvents(DEV, 50))[0]).toMatchObject({ time: 1000, message: 'registered from 10.0.0.7:5060 over TCP' });
      expect(again.failures.all()).toEqual([failure(DEV, 1)]);
      await engine.close();
    });

    it('a re-registration writes its registration columns; a device not yet stored is written whole', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      const d = newDeviceRecord(DEV, 1000);
      Object.assign(d, { online: true, ip: '10.0.0.7', port: 5060, deviceName: 'NVR' });
      store.saveDevice(d);
      await store.flushed();
      const lastError = serverText('dev.keepaliveFaulty', { status: 'ERROR', faulty: '1, 2' }, 'keepalive reports Status ERROR (faulty: 1, 2)');
      const registered = { ...d, ip: '10.0.0.9', port: 5070, transport: 'TCP' as const, expiresAt: 99_000, registerCallId: 'c2', lastSeenAt: 5000, deviceName: 'not written', lastError };
      store.saveRegistration(registered);
      const fresh = newDeviceRecord('34020000001180000002', 1000);
      fresh.deviceName = 'Cam';
      store.saveRegistration(fresh);
      await store.close();
      const engine = await restart(f, f.engine);
      const back = (await DeviceStore.open(engine.devices)).devices.all();
      expect(back.find((x) => x.deviceId === DEV)).toMatchObject({ ip: '10.0.0.9', port: 5070, transport: 'TCP', expiresAt: 99_000, registerCallId: 'c2', lastSeenAt: 5000, deviceName: 'NVR', lastError });
      expect(back.find((x) => x.deviceId === fresh.deviceId)?.deviceName).toBe('Cam');
      await engine.close();
    });

    it('the engine takes the records when handed over: later changes wait for the next save', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      const d = newDeviceRecord(DEV, 1000);
      d.customName = 'first';
      store.saveDevice(d);
      store.flush();
      d.customName = 'changed after the hand-over';
      await store.close();
      const engine = await restart(f, f.engine);
      expect((await engine.devices.loadAll()).devices[0].customName).toBe('first');
      await engine.close();
    });

    it('batches commit in the order they were handed over', async () => {
      const f = await e.fresh();
      const d = newDeviceRecord(DEV, 1);
      const commits = [
        f.engine.devices.commit([{ type: 'device', device: d }]),
        f.engine.devices.commit([{ type: 'channels', channels: [channel(DEV, '34020000001320000001', 'a')] }]),
        f.engine.devices.commit([{ type: 'remove-device', deviceId: DEV }]),
        f.engine.devices.commit([{ type: 'device', device: { ...d, customName: 'back' } }]),
      ];
      expect((await Promise.all(commits)).flat()).toEqual([]);
      const snap = await f.engine.devices.loadAll();
      expect(snap.devices.map((x) => x.customName)).toEqual(['back']);
      expect(snap.channels).toEqual([]);
      await f.engine.close();
    });

    it('reads one device back as stored now, with its channels, after the batches handed over before', async () => {
      const f = await e.fresh();
      const other = '34020000001180000009';
      const d = { ...newDeviceRecord(DEV, 1), customName: '北门' };
      void f.engine.devices.commit([{ type: 'device', device: d }, { type: 'device', device: newDeviceRecord(other, 1) }]);
      void f.engine.devices.commit([{ type: 'channels', channels: [channel(DEV, '34020000001320000001', 'a'), channel(other, '34020000001320000009', 'b')] }]);
      const one = await f.engine.devices.loadDevice(DEV);
      expect(one?.device.customName).toBe('北门');
      expect(one?.channels.map((c) => c.channelId)).toEqual(['34020000001320000001']);
      expect(await f.engine.devices.loadDevice('34020000001180000404')).toBeUndefined();
      await f.engine.close();
    });

    it('removing a device removes its channels and events', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      store.saveDevice(newDeviceRecord(DEV, 1));
      store.saveChannels([channel(DEV, DEV, 'x')]);
      store.addEvent(DEV, 1, 'info', 'x');
      await store.flushed();
      store.removeDevice(DEV);
      await store.flushed();
      const snap = await f.engine.devices.loadAll();
      expect(snap.devices).toEqual([]);
      expect(snap.channels).toEqual([]);
      expect(await store.recentEvents(DEV, 10)).toEqual([]);
      await f.engine.close();
    });

    it('removes only the channels named', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      store.saveDevice(newDeviceRecord(DEV, 1));
      store.saveChannels(['34020000001320000001', '34020000001320000002', '34020000001320000003'].map((id) => channel(DEV, id, id)));
      await store.flushed();
      store.removeChannels(DEV, ['34020000001320000001', '34020000001320000003']);
      await store.flushed();
      expect((await f.engine.devices.loadAll()).channels.map((c) => c.channelId)).toEqual(['34020000001320000002']);
      await f.engine.close();
    });

    it('keeps a bounded event history per device, newest first', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      for (let i = 0; i < 450; i++) {
        store.addEvent(DEV, i, 'info', `e${i}`);
        if (i % 100 === 99) await store.flushed();
      }
      const recent = await store.recentEvents(DEV, 1000);
      expect(recent[0].message).toBe('e449');
      expect(recent[1].message).toBe('e448');
      // Engines prune now and then (each 50th row), not on every insert.
      expect(recent.length).toBeGreaterThanOrEqual(EVENTS_PER_DEVICE);
      expect(recent.length).toBeLessThanOrEqual(EVENTS_PER_DEVICE + 50);
      expect((await store.recentEvents(DEV, 5)).map((x) => x.message)).toEqual(['e449', 'e448', 'e447', 'e446', 'e445']);
      await f.engine.close();
    });

    it('a failing change is reported, not thrown, and the rest of the batch commits', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      const errors: string[] = [];
      store.onError = (err) => errors.push(err.message);
      store.saveDevice(newDeviceRecord(DEV, 1));
      store.saveChannels([channel('34020000001180000077', '34020000001320000001', 'orphan')]);
      store.addEvent('34020000001180000077', 1, 'info', 'kept');
      store.saveChannels([channel(DEV, '34020000001320000001', 'kept too')]);
      await store.flushed();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/FOREIGN KEY|foreign key/);
      expect((await store.recentEvents('34020000001180000077', 5))[0].message).toBe('kept');
      expect((await f.engine.devices.loadAll()).channels.map((c) => c.name)).toEqual(['kept too']);
      await f.engine.close();
    });

    it('failures: one row per device and reason, cleared per device', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      store.saveFailure(failure(DEV, 1));
      store.saveFailure(failure(DEV, 2));
      store.saveFailure(failure('34020000001180000002', 1));
      await store.flushed();
      expect((await f.engine.devices.loadAll()).failures.map((x) => [x.deviceId, x.count])).toEqual([[DEV, 2], ['34020000001180000002', 1]]);
      store.clearFailures(DEV);
      await store.flushed();
      expect((await f.engine.devices.loadAll()).failures.map((x) => x.deviceId)).toEqual(['34020000001180000002']);
      await f.engine.close();
    });

    it('texts from devices keep their characters (Chinese, quotes, backslashes)', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      const d = newDeviceRecord(DEV, 1);
      d.deviceName = `前门 "NVR" \\ ' ; DROP TABLE devices; --`;
      d.info = { Manufacturer: '海康威视', Odd: 'a\nb\tc' };
      store.saveDevice(d);
      store.addEvent(DEV, 1, 'info', `设备 ${d.deviceName}`);
      await store.close();
      const engine = await restart(f, f.engine);
      const back = (await engine.devices.loadAll()).devices[0];
      expect(back.deviceName).toBe(d.deviceName);
      expect(back.info).toEqual(d.info);
      expect((await engine.devices.recentEvents(DEV, 1))[0].message).toBe(`设备 ${d.deviceName}`);
      await engine.close();
    });

    it('a NUL from a device costs at most that character, never the row (PostgreSQL text cannot hold one)', async () => {
      const f = await e.fresh();
      const store = await DeviceStore.open(f.engine.devices);
      const errors: string[] = [];
      store.onError = (err) => errors.push(err.message);
      const d = newDeviceRecord(DEV, 1);
      d.deviceName = 'IPC\u0000前门';
      d.info = { Odd: 'x\u0000y' };
      store.saveDevice(d);
      store.saveChannels([{ ...channel(DEV, '34020000001320000001', '大\u0000门') }]);
      store.addEvent(DEV, 1, 'info', 'name IPC\u0000前门');
      await store.flushed();
      expect(errors).toEqual([]);
      const snap = await f.engine.devices.loadAll();
      expect(['IPC\u0000前门', 'IPC前门']).toContain(snap.devices[0].deviceName);
      expect(snap.devices[0].info).toEqual({ Odd: 'x\u0000y' });
      expect(['大\u0000门', '大门']).toContain(snap.channels[0].name);
      expect((await store.recentEvents(DEV, 1))[0].message).toMatch(/^name IPC\u0000?前门$/);
      const settings = await StoredSettings.open(f.engine.settings);
      settings.set('siteName', 'a\u0000b');
      await settings.flushed();
      expect(await f.engine.settings.loadAll()).toEqual({ siteName: 'a\u0000b' });
      await f.engine.close();
    });

    it('settings: loaded whole, read from memory, committed in order', async () => {
      const f = await e.fresh();
      const settings = await StoredSettings.open(f.engine.settings);
      expect(settings.get('sipPort')).toBeUndefined();
      settings.set('sipPort', 5070);
      settings.set('sipPort', 5080);
      settings.set('domain', '3402000000');
      settings.set('nested', { a: [1, '二'] });
      expect(settings.get('sipPort')).toBe(5080);
      await settings.flushed();
      const engine = await restart(f, f.engine);
      const again = await StoredSettings.open(engine.settings);
      expect(again.all()).toEqual({ sipPort: 5080, domain: '3402000000', nested: { a: [1, '二'] } });
      await engine.close();
    });

    it('alarms: appended with ascending ids, acknowledged once, queried newest first with filters, pruned to the newest', async () => {
      const f = await e.fresh();
      const a = f.engine.alarms;
      const first = await a.appendAlarm(alarm(DEV, 1000));
      const second = await a.appendAlarm(alarm('34020000001180000002', 2000, { priority: 2, time: 1500 }));
      const third = await a.appendAlarm(alarm(DEV, 3000, { description: null }));
      expect(second.id).toBeGreaterThan(first.id);
      expect(third).toMatchObject({ deviceId: DEV, description: null, acknowledgedAt: null, via: 'NOTIFY' });
      expect(await a.acknowledge(first.id, 5000)).toEqual({ alarm: { ...first, acknowledgedAt: 5000 }, changed: true });
      expect((await a.acknowledge(first.id, 6000))?.changed).toBe(false);
      expect(await a.acknowledge(999_999, 6000)).toBeUndefined();
      expect((await a.queryAlarms({})).map((x) => x.id)).toEqual([third.id, second.id, first.id]);
      expect((await a.queryAlarms({ deviceId: DEV })).map((x) => x.id)).toEqual([third.id, first.id]);
      expect((await a.queryAlarms({ unacknowledged: true })).map((x) => x.id)).toEqual([third.id, second.id]);
      expect((await a.queryAlarms({ priority: 2 })).map((x) => x.id)).toEqual([second.id]);
      expect((await a.queryAlarms({ from: 1400, to: 1600 })).map((x) => x.id)).toEqual([second.id]);
      expect((await a.queryAlarms({ before: third.id, limit: 1 })).map((x) => x.id)).toEqual([second.id]);
      await a.pruneAlarms(2);
      expect((await a.queryAlarms({})).map((x) => x.id)).toEqual([third.id, second.id]);
      expect(await a.alarm(first.id)).toBeUndefined();
      await f.engine.close();
    });

    it('positions: a track oldest first, the newest within the limit, pruned per device', async () => {
      const f = await e.fresh();
      const a = f.engine.alarms;
      for (let i = 0; i < 10; i++) {
        await a.appendPosition({ deviceId: DEV, targetId: DEV, time: 1000 + i, longitude: 117 + i / 100, latitude: 31.8, speed: null, direction: null, altitude: null, receivedAt: 9000 });
      }
      await a.appendPosition({ deviceId: '34020000001180000002', targetId: 'x', time: null, longitude: null, latitude: null, speed: 1.5, direction: 90, altitude: 10, receivedAt: 1005 });
      expect((await a.queryPositions({ deviceId: DEV, limit: 3 })).map((p) => p.time)).toEqual([1007, 1008, 1009]);
      expect((await a.queryPositions({ deviceId: DEV, from: 1002, to: 1004 })).map((p) => p.time)).toEqual([1002, 1003, 1004]);
      expect(await a.queryPositions({ deviceId: '34020000001180000002' })).toMatchObject([{ time: null, speed: 1.5, direction: 90, altitude: 10, receivedAt: 1005 }]);
      await a.prunePositions(DEV, 4);
      expect((await a.queryPositions({ deviceId: DEV })).map((p) => p.time)).toEqual([1006, 1007, 1008, 1009]);
      expect(await a.queryPositions({ deviceId: '34020000001180000002' })).toHaveLength(1);
      await f.engine.close();
    });

    it('preset names and wanted subscriptions read back after a restart', async () => {
      const f = await e.fresh();
      const a = f.engine.alarms;
      await a.setPresetName(DEV, 'ch1', 1, '大门');
      await a.setPresetName(DEV, 'ch1', 2, 'two');
      await a.setPresetName(DEV, 'ch1', 2, '二号');
      await a.setPresetName(DEV, 'ch1', 3, 'gone');
      await a.setPresetName(DEV, 'ch1', 3, null);
      await a.setWanted(DEV, 'Alarm', true, null);
      await a.setWanted(DEV, 'MobilePosition', true, 5);
      await a.setWanted(DEV, 'MobilePosition', true, 10);
      await a.setWanted('34020000001180000002', 'Alarm', true, null);
      await a.setWanted('34020000001180000002', 'Alarm', false, null);
      const engine = await restart(f, f.engine);
      const names = (await engine.alarms.loadPresetNames()).sort((x, y) => x.index - y.index);
      expect(names).toEqual([{ deviceId: DEV, channelId: 'ch1', index: 1, name: '大门' }, { deviceId: DEV, channelId: 'ch1', index: 2, name: '二号' }]);
      const wanted = (await engine.alarms.loadWanted()).sort((x, y) => x.event.localeCompare(y.event));
      expect(wanted).toEqual([{ deviceId: DEV, event: 'Alarm', intervalSec: null }, { deviceId: DEV, event: 'MobilePosition', intervalSec: 10 }]);
      await engine.close();
    });
  });
}
