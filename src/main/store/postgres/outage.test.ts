// The PostgreSQL engine across a server restart: batches handed over while the server is down commit when it is
// back, in order, and nothing is reported lost.
import { describe, expect, it } from 'vitest';
import { DeviceStore } from '../devices/device-store';
import { newDeviceRecord } from '../devices/types';
import type { NewAlarm } from '../engine';
import { openPostgresEngine } from './engine';
import { isConnectionError } from './serial-writer';
import { pgForFile } from './testing/pg-for-file';

const pgFile = pgForFile();
const pgBin = pgFile.bin;
const alarm = (receivedAt: number): NewAlarm => ({
  deviceId: '34020000001320000001', channelId: '34020000001340000001', priority: 1, method: 5, type: '2', eventType: null,
  time: null, timeRaw: null, description: '越界', longitude: null, latitude: null, via: 'NOTIFY', receivedAt,
});

describe.skipIf(!pgBin)(`postgres engine across a server restart${pgFile.skipReason}`, () => {
  it('batches handed over while the server is down commit, in order, once it is back', async () => {
    const engine = await openPostgresEngine(await pgFile.server().createDatabase('outage'), { poolSize: 2 });
    const store = await DeviceStore.open(engine.devices);
    const errors: string[] = [];
    store.onError = (e) => errors.push(e.message);
    const a = newDeviceRecord('34020000001320000001', 1);
    store.saveDevice(a);
    await store.flushed();

    await pgFile.server().pause();
    const b = newDeviceRecord('34020000001320000002', 2);
    store.saveDevice(b);
    store.addEvent(b.deviceId, 2, 'online', 'registered while the database restarted');
    store.flush();
    store.removeDevice(a.deviceId);
    store.flush();
    await pgFile.server().resume();
    await store.flushed();

    expect(errors).toEqual([]);
    expect((await engine.devices.loadAll()).devices.map((d) => d.deviceId)).toEqual([b.deviceId]);
    expect((await store.recentEvents(b.deviceId, 5)).map((e) => e.message)).toEqual(['registered while the database restarted']);
    await engine.close();
  });

  it('an alarm that arrives while the server is down is stored once it is back', async () => {
    const engine = await openPostgresEngine(await pgFile.server().createDatabase('outage_alarms'), { poolSize: 2 });
    await engine.alarms.appendAlarm(alarm(1000));
    await pgFile.server().pause();
    const during = engine.alarms.appendAlarm(alarm(2000));
    await pgFile.server().resume();
    expect((await during).receivedAt).toBe(2000);
    expect((await engine.alarms.queryAlarms({})).map((x) => x.receivedAt)).toEqual([2000, 1000]);
    await engine.close();
  });

  it('tells a server that is not there from a batch that is wrong', () => {
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('insert or update on table "channels" violates foreign key constraint'), { code: '23503' }))).toBe(false);
  });
});
