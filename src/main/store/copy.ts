// Moves what one store engine holds into another, empty one (SQLite → PostgreSQL when a site grows to several
// servers): devices with their channels, recent events and registration failures, settings, alarms (ids are the
// target's own; acknowledgements kept), positions of known devices, preset names and wanted subscriptions.
import type { DeviceEventKind } from '../gb28181/devices/record';
import { EVENTS_PER_DEVICE, MAX_POSITIONS_PER_DEVICE, type DeviceChange, type StoreEngine } from './engine';

export interface CopyCounts {
  devices: number;
  channels: number;
  events: number;
  settings: number;
  alarms: number;
  positions: number;
}

export class StoreCopyError extends Error {}

const CHUNK = 1000;

export async function copyStore(from: StoreEngine, to: StoreEngine): Promise<CopyCounts> {
  const target = await to.devices.loadAll();
  const targetSettings = await to.settings.loadAll();
  if (target.devices.length > 0 || Object.keys(targetSettings).length > 0) {
    throw new StoreCopyError(
      `the target store already holds ${target.devices.length} devices and ${Object.keys(targetSettings).length} settings; copy into an empty database`,
    );
  }
  const snap = await from.devices.loadAll();
  const counts: CopyCounts = { devices: snap.devices.length, channels: snap.channels.length, events: 0, settings: 0, alarms: 0, positions: 0 };
  const commit = async (changes: DeviceChange[]) => {
    for (let i = 0; i < changes.length; i += CHUNK) {
      const errors = await to.devices.commit(changes.slice(i, i + CHUNK));
      if (errors.length > 0) throw new StoreCopyError(`copying devices failed: ${errors[0].message}`);
    }
  };
  await commit(snap.devices.map((device) => ({ type: 'device', device })));
  await commit(snap.channels.map((c) => ({ type: 'channels', channels: [c] })));
  await commit(snap.failures.map((failure) => ({ type: 'failure', failure })));
  for (const d of snap.devices) {
    const events = (await from.devices.recentEvents(d.deviceId, EVENTS_PER_DEVICE)).reverse();
    counts.events += events.length;
    await commit(events.map((e) => ({ type: 'event', deviceId: d.deviceId, time: e.time, kind: e.kind as DeviceEventKind, message: e.message })));
  }

  const settings = await from.settings.loadAll();
  counts.settings = Object.keys(settings).length;
  await to.settings.commit(settings);

  // Newest first from the source, appended oldest first so the target's ids keep the order.
  const alarms = [];
  for (let before: number | undefined; ; ) {
    const page = await from.alarms.queryAlarms({ before, limit: 1000 });
    alarms.push(...page);
    if (page.length < 1000) break;
    before = page[page.length - 1].id;
  }
  for (const a of alarms.reverse()) {
    const { id: _id, acknowledgedAt, ...rest } = a;
    const copy = await to.alarms.appendAlarm(rest);
    if (acknowledgedAt !== null) await to.alarms.acknowledge(copy.id, acknowledgedAt);
  }
  counts.alarms = alarms.length;

  for (const d of snap.devices) {
    for (const p of await from.alarms.queryPositions({ deviceId: d.deviceId, limit: MAX_POSITIONS_PER_DEVICE })) {
      const { id: _id, ...rest } = p;
      await to.alarms.appendPosition(rest);
      counts.positions++;
    }
  }
  for (const n of await from.alarms.loadPresetNames()) await to.alarms.setPresetName(n.deviceId, n.channelId, n.index, n.name);
  for (const w of await from.alarms.loadWanted()) await to.alarms.setWanted(w.deviceId, w.event, true, w.intervalSec);
  return counts;
}
