// The write-behind shape over a real SQLite engine; what each engine stores is store-engines.test.ts.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeviceChange } from '../engine';
import { openSqliteEngine } from '../sqlite/engine';
import { DeviceStore } from './device-store';
import { newDeviceRecord } from './types';

const DEV = '34020000001320000009';

function engineCountingBatches() {
  const engine = openSqliteEngine(fs.mkdtempSync(path.join(os.tmpdir(), 'gb-devstore-')));
  const batches: DeviceChange[][] = [];
  const commit = engine.devices.commit.bind(engine.devices);
  engine.devices.commit = (changes) => {
    batches.push([...changes]);
    return commit(changes);
  };
  return { engine, batches };
}

describe('DeviceStore', () => {
  it('hands a burst of changes over as one batch on the next turn, devices first', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    store.addEvent(DEV, 1, 'online', 'registered');
    for (let i = 0; i < 100; i++) store.saveDevice(newDeviceRecord(`340200000013210${String(i).padStart(5, '0')}`, 1));
    store.saveDevice(newDeviceRecord(DEV, 1));
    expect(batches).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1);
    expect(batches[0].map((c) => c.type)).toEqual([...Array(101).fill('device'), 'event']);
    await store.flushed();
    expect((await engine.devices.loadAll()).devices).toHaveLength(101);
    await engine.close();
  });

  it('a touch (last-seen only) waits for the next real change or its timer', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    const d = newDeviceRecord(DEV, 1);
    store.saveDevice(d);
    await store.flushed();
    d.lastSeenAt = 5000;
    store.touchDevice(d);
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1);
    store.addEvent(DEV, 6, 'info', 'x');
    await store.flushed();
    expect((await engine.devices.loadAll()).devices[0].lastSeenAt).toBe(5000);

    store.touchDelayMs = 20;
    d.lastSeenAt = 6000;
    store.touchDevice(d);
    const deadline = Date.now() + 2000;
    while (batches.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await store.flushed();
    expect((await engine.devices.loadAll()).devices[0].lastSeenAt).toBe(6000);
    await engine.close();
  });

  it('a re-registration after a whole save in the same burst writes the whole record', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    const d = newDeviceRecord(DEV, 1);
    d.deviceName = 'NVR';
    store.saveDevice(d);
    store.saveRegistration(d);
    await store.flushed();
    expect(batches[0].map((c) => c.type)).toEqual(['device']);
    await engine.close();
  });

  it('close commits what is pending and takes nothing after', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    store.saveDevice(newDeviceRecord(DEV, 1));
    await store.close();
    store.addEvent(DEV, 2, 'info', 'late');
    store.flush();
    expect(batches).toHaveLength(1);
    expect((await engine.devices.loadAll()).devices).toHaveLength(1);
    await engine.close();
  });
});
