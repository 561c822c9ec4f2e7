// The write-behind shape over a real SQLite engine; what each engine stores is store-engines.test.ts.
import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel } from '../../../shared/types/devices';
import { DeviceRegistry } from '../../gb28181/devices/registry';
import { createLogger } from '../../log/logger';
import { FakeClock } from '../../sip/timers/clock';
import type { DeviceChange } from '../engine';
import { openSqliteEngine } from '../sqlite/engine';
import { DeviceStore } from './device-store';
import { newDeviceRecord } from './types';

const DEV = '34020000001320000009';

function channel(channelId: string): Channel {
  return {
    deviceId: DEV, channelId, name: 'Gate', online: true, status: 'ON', manufacturer: 'Hikvision', model: null, owner: null,
    civilCode: '340200', block: null, address: null, parental: false, parentId: DEV, businessGroupId: null, ptzType: 1,
    ipAddress: null, port: null, longitude: null, latitude: null, raw: { DeviceID: channelId, Name: 'Gate' }, updatedAt: 1000, customName: null,
  };
}

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

  it('lets go of the channels it loaded once the registry holds them (a catalog replaces every one of them)', async () => {
    const { engine } = engineCountingBatches();
    const first = await DeviceStore.open(engine.devices);
    first.saveDevice(newDeviceRecord(DEV, 1));
    first.saveChannels([channel('34020000001310000001')]);
    await first.flushed();
    const store = await DeviceStore.open(engine.devices);
    const registry = new DeviceRegistry({ store, events: { emit: () => {} }, logger: createLogger({ print: false }), clock: new FakeClock(2000) });
    expect(registry.channelsOf(DEV).map((c) => c.channelId)).toEqual(['34020000001310000001']);
    expect(store.channels.all()).toEqual([]);
    registry.close();
    await engine.close();
  });

  it('a trickle of changes, one per turn, is handed over at most once per minCommitGapMs', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    store.minCommitGapMs = 50;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    try {
      // 100 keepalives 5 ms apart, each changing one device (a learned interval): 500 ms
      for (let i = 0; i < 100; i++) {
        store.saveDevice(newDeviceRecord(`340200000013210${String(i).padStart(5, '0')}`, 1));
        await vi.advanceTimersByTimeAsync(5);
      }
      await vi.advanceTimersByTimeAsync(store.minCommitGapMs);
    } finally {
      vi.useRealTimers();
    }
    expect(batches.length).toBeLessThanOrEqual(12);
    expect(batches.length).toBeGreaterThanOrEqual(10);
    expect(batches.flat()).toHaveLength(100);
    await store.flushed();
    expect((await engine.devices.loadAll()).devices).toHaveLength(100);
    await engine.close();
  });

  it('committed() resolves once the waiting batch is committed at its own time, without hurrying it', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    store.minCommitGapMs = 50;
    // The clock stands still while the first batch commits (the engine's thread may take long to start).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    let done = false;
    try {
      store.saveDevice(newDeviceRecord('34020000001321000001', 1));
      await vi.advanceTimersByTimeAsync(0);
      await store.committed();
      expect(batches).toHaveLength(1);
      store.saveDevice(newDeviceRecord('34020000001321000002', 1));
      void store.committed().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(10);
      expect(batches).toHaveLength(1);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(50);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() => expect(done).toBe(true));
    expect(batches).toHaveLength(2);
    expect((await engine.devices.loadAll()).devices).toHaveLength(2);
    await engine.close();
  });

  it('a touch (last-seen only) is written by its timer once it moved far enough, and at close', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    store.touchDelayMs = 10;
    store.touchWriteAfterMs = 60_000;
    const stored = async () => (await engine.devices.loadAll()).devices[0].lastSeenAt;
    const timerTurns = async (n: number) => {
      // each turn of the touch timer that found something due ends in a batch
      const deadline = Date.now() + 5000;
      while (batches.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(batches).toHaveLength(n);
    };
    const d = newDeviceRecord(DEV, 1);
    store.saveDevice(d);
    await store.flushed();
    expect(batches).toHaveLength(1);

    d.lastSeenAt = 5000;
    store.touchDevice(d);
    store.addEvent(DEV, 6, 'info', 'x');
    await store.flushed();
    // A real change does not carry the touch along. Read from its batch: the 10 ms touch timer may already have
    // written the touch by the time the stored row could be read.
    expect(batches[1].map((c) => c.type)).not.toContain('registration');
    await timerTurns(3); // never written since the save: due at once
    expect(batches[2].map((c) => c.type)).toEqual(['registration']);
    expect(await stored()).toBe(5000);

    d.lastSeenAt = 5000 + 59_000;
    store.touchDevice(d);
    d.lastSeenAt = 5000 + 60_000;
    store.touchDevice(d);
    await timerTurns(4);
    expect(await stored()).toBe(65_000);

    d.lastSeenAt = 66_000; // one second later: waits
    store.touchDevice(d);
    await store.flushed();
    expect(await stored()).toBe(65_000);
    await store.close();
    expect(batches).toHaveLength(5);
    expect(await stored()).toBe(66_000);
    await engine.close();
  });

  it('a device keepaliving every minute for an hour has its last-seen time written every few minutes', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    const d = newDeviceRecord(DEV, 0);
    d.lastSeenAt = 0;
    store.saveDevice(d);
    await store.flushed();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      for (let minute = 1; minute <= 60; minute++) {
        d.lastSeenAt = minute * 60_000;
        store.touchDevice(d);
        await vi.advanceTimersByTimeAsync(60_000);
      }
    } finally {
      vi.useRealTimers();
    }
    await store.flushed();
    expect(batches.slice(1)).toHaveLength(60 / (store.touchWriteAfterMs / 60_000));
    await engine.close();
  });

  it('keepalives between writes arm no timer: the store does not look at every touched device every few seconds', async () => {
    const { engine, batches } = engineCountingBatches();
    const store = await DeviceStore.open(engine.devices);
    const devices = Array.from({ length: 1000 }, (_, i) => newDeviceRecord(`3402000000132${String(i).padStart(7, '0')}`, 0));
    for (const d of devices) {
      d.lastSeenAt = 0;
      store.saveDevice(d);
    }
    await store.flushed();
    for (const d of devices) {
      d.lastSeenAt = 60_000;
      store.touchDevice(d);
    }
    expect(store.touchTimerArmed).toBe(false);
    devices[7].lastSeenAt = store.touchWriteAfterMs;
    store.touchDevice(devices[7]);
    expect(store.touchTimerArmed).toBe(true);
    await store.close();
    // Close writes every last-seen time not yet written: the one due and the 999 that were waiting.
    expect(batches.slice(1).flat()).toHaveLength(1000);
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
