import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel } from '../../../shared/types/devices';
import { openDatabase } from '../sqlite/database';
import { DeviceStore } from './device-store';
import { newDeviceRecord } from './types';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gb-devstore-'));

function channel(deviceId: string, channelId: string, name: string): Channel {
  return {
    deviceId,
    channelId,
    name,
    online: true,
    status: 'ON',
    manufacturer: 'Hikvision',
    model: null,
    owner: null,
    civilCode: '340200',
    block: null,
    address: '一号门',
    parental: false,
    parentId: '34020000001180000001/34020000002150000001',
    businessGroupId: '34020000002150000001',
    ptzType: 1,
    ipAddress: null,
    port: null,
    longitude: 117.2,
    latitude: 31.8,
    raw: { DeviceID: channelId, Name: name, Info: { PTZType: '1' } },
    updatedAt: 1000,
  };
}

describe('DeviceStore', () => {
  it('a re-registration writes its registration columns; a device not yet stored is written whole', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const store = new DeviceStore(db);
    const d = newDeviceRecord('34020000001180000001', 1000);
    Object.assign(d, { online: true, ip: '10.0.0.7', port: 5060, deviceName: 'NVR' });
    store.saveDevice(d);
    store.flush();
    Object.assign(d, { ip: '10.0.0.9', port: 5070, transport: 'TCP', expiresAt: 99_000, registerCallId: 'c2', lastSeenAt: 5000 });
    store.saveRegistration(d);
    const fresh = newDeviceRecord('34020000001180000002', 1000);
    fresh.deviceName = 'Cam';
    store.saveRegistration(fresh);
    store.flush();
    db.close();
    const again = new DeviceStore(openDatabase(dir));
    expect(again.devices.get(d.deviceId)).toMatchObject({ ip: '10.0.0.9', port: 5070, transport: 'TCP', expiresAt: 99_000, registerCallId: 'c2', lastSeenAt: 5000, deviceName: 'NVR' });
    expect(again.devices.get(fresh.deviceId)?.deviceName).toBe('Cam');
  });

  it('commits a burst of changes on the next turn and reads them back after a reopen', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const store = new DeviceStore(db);
    const d = newDeviceRecord('34020000001180000001', 1000);
    Object.assign(d, { online: true, ip: '10.0.0.7', port: 5060, transport: 'TCP', charset: 'gb18030', info: { DeviceName: '前门NVR' } });
    store.saveDevice(d);
    store.saveChannels([channel(d.deviceId, '34020000001320000001', '大门'), channel(d.deviceId, '34020000001320000002', '后门')]);
    store.addEvent(d.deviceId, 1000, 'online', 'registered from 10.0.0.7:5060 over TCP');
    store.saveFailure({
      deviceId: d.deviceId, address: '10.0.0.7:5060', transport: 'TCP', reason: 'wrong-password',
      message: 'wrong password (1st time)', count: 1, firstAt: 900, lastAt: 900,
    });
    expect(store.devices.all()).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(store.devices.all()).toHaveLength(1);
    db.close();

    const db2 = openDatabase(dir);
    const again = new DeviceStore(db2);
    const [back] = again.devices.all();
    expect(back).toMatchObject({ deviceId: d.deviceId, online: true, transport: 'TCP', charset: 'gb18030', info: { DeviceName: '前门NVR' } });
    const channels = again.channels.byDevice(d.deviceId);
    expect(channels.map((c) => c.name)).toEqual(['大门', '后门']);
    expect(channels[0]).toEqual(channel(d.deviceId, '34020000001320000001', '大门'));
    expect(again.events.recent(d.deviceId)[0].message).toContain('registered');
    expect(again.failures.all()[0]).toMatchObject({ reason: 'wrong-password', count: 1 });
    db2.close();
  });

  it('removing a device removes its channels and events', () => {
    const db = openDatabase(tempDir());
    const store = new DeviceStore(db);
    const d = newDeviceRecord('34020000001320000009', 1);
    store.saveDevice(d);
    store.saveChannels([channel(d.deviceId, d.deviceId, 'x')]);
    store.addEvent(d.deviceId, 1, 'info', 'x');
    store.flush();
    store.removeDevice(d.deviceId);
    store.flush();
    expect(store.devices.get(d.deviceId)).toBeUndefined();
    expect(store.channels.byDevice(d.deviceId)).toEqual([]);
    expect(store.events.recent(d.deviceId)).toEqual([]);
    db.close();
  });

  it('keeps a bounded event history per device', () => {
    const db = openDatabase(tempDir());
    const store = new DeviceStore(db);
    for (let i = 0; i < 450; i++) store.events.add('34020000001320000009', i, 'info', `e${i}`);
    store.events.prune('34020000001320000009');
    const recent = store.events.recent('34020000001320000009', 1000);
    expect(recent.length).toBe(200);
    expect(recent[0].message).toBe('e449');
    db.close();
  });

  it('a failing write is reported, not thrown, and the rest of the batch commits', () => {
    const db = openDatabase(tempDir());
    const store = new DeviceStore(db);
    const errors: string[] = [];
    store.onError = (e) => errors.push(e.message);
    store.saveChannels([channel('34020000001180000077', '34020000001320000001', 'orphan')]);
    store.addEvent('34020000001180000077', 1, 'info', 'kept');
    expect(() => store.flush()).not.toThrow();
    expect(errors[0]).toMatch(/FOREIGN KEY/);
    expect(store.events.recent('34020000001180000077')[0].message).toBe('kept');
    db.close();
  });

  it('a touch (last-seen only) waits for the next real change or its timer', async () => {
    const db = openDatabase(tempDir());
    const store = new DeviceStore(db);
    const d = newDeviceRecord('34020000001320000009', 1);
    store.saveDevice(d);
    store.flush();
    d.lastSeenAt = 5000;
    store.touchDevice(d);
    await new Promise((r) => setImmediate(r));
    expect(store.devices.get(d.deviceId)!.lastSeenAt).toBeNull();
    store.addEvent(d.deviceId, 6, 'info', 'x');
    store.flush();
    expect(store.devices.get(d.deviceId)!.lastSeenAt).toBe(5000);

    store.touchDelayMs = 20;
    d.lastSeenAt = 6000;
    store.touchDevice(d);
    const deadline = Date.now() + 2000;
    while (store.devices.get(d.deviceId)!.lastSeenAt !== 6000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(store.devices.get(d.deviceId)!.lastSeenAt).toBe(6000);
    db.close();
  });
});
