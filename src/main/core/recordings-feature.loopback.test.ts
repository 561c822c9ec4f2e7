// record.query through the recordings feature against the real GB server and a simulated NVR on loopback: the
// device's times read in GbServer.timeZoneOf (the default setting when the device has no zone of its own), and
// RecordInfo parts that arrive after the query answered are merged into the cached day.
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRecords } from '../../device-sim/model/records';
import { startRig, type Rig } from '../live/testing/live-rig';
import { createRecordingsFeature, type RecordingsFeature } from './recordings-feature';

let rig: Rig | undefined;
let feature: RecordingsFeature | undefined;
afterEach(async () => {
  await feature?.close();
  await rig?.close();
  feature = rig = undefined;
});

// A zone this computer is unlikely to be in, so reading in the console's zone would show.
const ZONE = '+05:45';

async function setup(field: Record<string, unknown>) {
  rig = await startRig({ device: { pageSize: 10, field: { timeZone: ZONE, recordFileMinutes: 30, ...field } } });
  rig.h.settings.update({ deviceTimeZone: ZONE });
  expect(rig.h.server.timeZoneOf(rig.deviceId)).toBe(ZONE);
  const h = rig.h;
  feature = createRecordingsFeature({
    stack: h.server.stack,
    devices: h.server.devices,
    timeZoneOf: (id) => h.server.timeZoneOf(id),
    host: rig.live.host,
    events: h.events,
    logger: h.logger,
    downloadsDir: path.join(os.tmpdir(), 'gb-rec-unused'),
    recordTiming: { waitMs: 1500, idleMs: 800 },
  });
  const device = rig.fleet!.devices[0];
  // Yesterday in the device's zone: a whole past day.
  const dayStart = Date.parse(`${new Date(Date.now() - 86_400_000 + 5.75 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+05:45`) / 1000;
  const channel = device.tree.channels.find((c) => c.channelId === rig!.channelId)!;
  const truth = findRecords(channel.channelId, channel.name, new Date(dayStart * 1000), new Date((dayStart + 86_400) * 1000), 'all', 5000, 30).map((f) => ({
    start: f.start.getTime() / 1000,
    end: f.end.getTime() / 1000,
    type: f.type,
  }));
  return { rig, feature, device, dayStart, truth };
}

describe('record.query with a simulated NVR', () => {
  it("reads the device's times in the default zone setting when the device has none of its own", async () => {
    const { rig, feature, dayStart, truth } = await setup({});
    const r = await feature.records.query({ deviceId: rig.deviceId, channelId: rig.channelId, start: dayStart, end: dayStart + 86_400 });
    expect(r.complete).toBe(true);
    const alarm = r.items.find((i) => i.type === 'alarm');
    expect(alarm).toEqual(expect.objectContaining(truth.find((t) => t.type === 'alarm')));
    expect(r.items.map((i) => [i.start, i.end, i.type])).toEqual(truth.map((t) => [t.start, t.end, t.type]));
  });

  it('answers with what arrived, complete false, then merges the late parts into the cached day', async () => {
    const { rig, feature, device, dayStart, truth } = await setup({ recordLateParts: { parts: 2, delayMs: 2500 } });
    const asked: string[] = [];
    device.events.on('message', (m) => asked.push(m.cmdType));
    const q = { deviceId: rig.deviceId, channelId: rig.channelId, start: dayStart, end: dayStart + 86_400 };
    const first = await feature.records.query(q);
    expect(first.complete).toBe(false);
    expect(first.expected).toBe(truth.length);
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items.length).toBeLessThan(truth.length);

    // The late parts' MESSAGEs were answered by the server: they have been read.
    let late = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the late RecordInfo parts did not arrive within 8 s')), 8000);
      device.events.on('sent', (e) => {
        if (e.cmdType !== 'RecordInfo' || ++late < 2) return;
        clearTimeout(timer);
        resolve();
      });
    });
    const second = await feature.records.query(q);
    expect(second.complete).toBe(true);
    expect(second.items).toHaveLength(truth.length);
    expect(new Set(second.items.map((i) => i.type))).toEqual(new Set(['time', 'alarm', 'manual']));
    expect(asked.filter((c) => c === 'RecordInfo')).toHaveLength(1);
  });
});
