// PTZ, device control, configuration and alarms end to end: the real core (SQLite in a temp folder) and a
// simulated camera on loopback UDP. Each API call must change the simulated device's state as a camera's would,
// and an alarm raised on the device must reach the console, be answered, stored and acknowledged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import { SimFleet, type SimDevice } from '../../device-sim';
import { extrasOf } from '../../device-sim/model/device-extras';
import { dispatch, type ApiCaller } from '../api/handlers';
import { createCore, type Core } from './create-core';

const DEVICE = '34020000001320000101';
let core: Core;
let fleet: SimFleet;
let sim: SimDevice;
let channel: string;

const call = (method: string, params: unknown, caller?: ApiCaller) => dispatch(core.handlers, method, params, caller) as Promise<any>;

function next<E extends ApiEventName>(event: E, match: (p: ApiEvents[E]) => boolean, ms = 10_000): Promise<ApiEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${event} within ${ms} ms`))), ms);
    const off = core.events.on(event, (p) => {
      if (!match(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

/** Waits for a condition the simulated device reports (its state changes when the MESSAGE is handled). */
async function until(what: string, cond: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-control-'));
  core = await createCore({ dataDir: dir, flags: { sipIp: '127.0.0.1', sipPort: 25171, password: 'sim-pw-123' }, statsIntervalMs: 0 });
  const port = core.gb.listen[0].port;
  const online = next('device.online', (d) => d.deviceId === DEVICE);
  fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port, id: core.settings.values.sipId, domain: core.settings.values.domain },
    password: 'sim-pw-123',
    devices: 1,
    idBase: DEVICE,
    localIp: '127.0.0.1',
    device: { channels: 2, keepaliveSec: 60, timing: { rebootMs: 300 } },
  });
  sim = fleet.devices[0];
  channel = sim.channelIds[0];
  await online;
}, 30_000);

afterAll(async () => {
  await fleet?.stop();
  await core?.close();
});

describe('PTZ against a simulated camera', () => {
  it('moves right until stopped; the same move again is not resent', async () => {
    const head = sim.ptz(channel);
    const before = head.snapshot().commandCount;
    const r = await call('ptz.move', { deviceId: DEVICE, channelId: channel, pan: 1, tilt: 0, zoom: 0, speed: 100 });
    expect(r).toMatchObject({ sent: true, answered: false, note: { code: 'no_response_expected' } });
    await until('the move', () => head.snapshot().motion?.pan === 'right');
    expect(head.snapshot().motion).toMatchObject({ panSpeed: 255, tiltSpeed: 0 });
    const again = await call('ptz.move', { deviceId: DEVICE, channelId: channel, pan: 1, tilt: 0, zoom: 0, speed: 100 });
    expect(again).toMatchObject({ sent: false, note: { code: 'already_moving' } });
    await call('ptz.stop', { deviceId: DEVICE, channelId: channel });
    await until('the stop', () => head.snapshot().motion === null);
    expect(head.snapshot().commandCount).toBe(before + 2);
    expect(head.snapshot().pan).toBeGreaterThan(0);
  });

  it('zoom at speed 100 goes out as nibble 15, focus and iris reach the lens', async () => {
    const head = sim.ptz(channel);
    await call('ptz.move', { deviceId: DEVICE, channelId: channel, pan: 0, tilt: 0, zoom: 1, speed: 100 });
    await until('zoom in', () => head.snapshot().motion?.zoom === 'in');
    expect(head.snapshot().motion?.zoomSpeed).toBe(15);
    await call('ptz.focus', { deviceId: DEVICE, channelId: channel, focus: 'far', speed: 10 });
    await until('focus far', () => head.snapshot().focus === 'far');
    await call('ptz.iris', { deviceId: DEVICE, channelId: channel, iris: 'open' });
    await until('iris open', () => head.snapshot().iris === 'open');
    await call('ptz.stop', { deviceId: DEVICE, channelId: channel });
    await until('all stopped', () => head.snapshot().motion === null && head.snapshot().focus === null);
  });

  it('a move is stopped when the API client that started it disconnects', async () => {
    const head = sim.ptz(channel);
    core.clients.connected('http:tab-one-abc');
    await call('ptz.move', { deviceId: DEVICE, channelId: channel, pan: 0, tilt: 1, zoom: 0, speed: 50 }, { clientId: 'http:tab-one-abc' });
    await until('tilt up', () => head.snapshot().motion?.tilt === 'up');
    core.clients.disconnected('http:tab-one-abc');
    await until('the stop after the client left', () => head.snapshot().motion === null);
  });

  it('presets: set with a name, listed with the console name, called, deleted', async () => {
    const head = sim.ptz(channel);
    await call('ptz.preset', { deviceId: DEVICE, channelId: channel, action: 'set', index: 3, name: 'Gate' });
    await until('preset 3 stored', () => head.presetList().some((p) => p.id === 3));
    const list = await call('ptz.presets', { deviceId: DEVICE, channelId: channel });
    expect(list).toMatchObject({ answered: true, complete: true });
    expect(list.presets).toContainEqual({ index: 3, name: 'Gate' });
    await call('ptz.presetName', { deviceId: DEVICE, channelId: channel, index: 3, name: 'Front gate' });
    expect((await call('ptz.presets', { deviceId: DEVICE, channelId: channel })).presets).toContainEqual({ index: 3, name: 'Front gate' });
    await call('ptz.preset', { deviceId: DEVICE, channelId: channel, action: 'call', index: 3 });
    await until('at preset 3', () => head.snapshot().atPreset === 3);
    await call('ptz.preset', { deviceId: DEVICE, channelId: channel, action: 'delete', index: 3 });
    await until('preset 3 gone', () => !head.presetList().some((p) => p.id === 3));
  });

  it('cruise with 12-bit dwell and speed, scan edges and speed, aux wiper', async () => {
    const head = sim.ptz(channel);
    for (const [action, extra] of [
      ['add', { preset: 1 }],
      ['add', { preset: 2 }],
      ['dwell', { value: 300 }],
      ['speed', { value: 4095 }],
      ['start', {}],
    ] as const) {
      await call('ptz.cruise', { deviceId: DEVICE, channelId: channel, group: 1, action, ...extra });
    }
    await until('cruise running', () => head.snapshot().cruises.some((c) => c.group === 1 && c.running));
    expect(head.snapshot().cruises.find((c) => c.group === 1)).toMatchObject({ points: [1, 2], dwellSeconds: 300, speed: 4095 });
    await call('ptz.cruise', { deviceId: DEVICE, channelId: channel, group: 1, action: 'stop' });
    await until('cruise stopped', () => !head.snapshot().cruises.some((c) => c.running));
    await call('ptz.scan', { deviceId: DEVICE, channelId: channel, group: 2, action: 'setLeft' });
    await call('ptz.scan', { deviceId: DEVICE, channelId: channel, group: 2, action: 'speed', value: 2730 });
    await call('ptz.scan', { deviceId: DEVICE, channelId: channel, group: 2, action: 'start' });
    await until('scan running', () => head.snapshot().scan?.running === true);
    expect(head.snapshot().scan).toMatchObject({ group: 2, speed: 2730 });
    await call('ptz.aux', { deviceId: DEVICE, channelId: channel, aux: 1, on: true });
    await until('wiper on', () => head.snapshot().aux[1] === true);
  });

  it('drag zoom changes the zoom and centre, and the PTZPosition query reports it', async () => {
    const before = await call('ptz.position', { deviceId: DEVICE, channelId: channel });
    expect(before.answered).toBe(true);
    const dragged = sim.events.next('control', 5_000, (c) => c.what === 'DragZoomIn');
    const box = { length: 1280, width: 720, midPointX: 640, midPointY: 360, lengthX: 320, lengthY: 180 };
    const r = await call('ptz.dragZoom', { deviceId: DEVICE, channelId: channel, direction: 'in', ...box });
    expect(r.sent).toBe(true);
    await dragged;
    const zoomedIn = await call('ptz.position', { deviceId: DEVICE, channelId: channel });
    expect(zoomedIn).toMatchObject({ answered: true, pan: before.pan, tilt: before.tilt });
    expect(zoomedIn.zoom).toBeCloseTo(Math.min(30, before.zoom * 4), 2);
    expect(sim.ptz(channel).snapshot().lastDragZoom).toEqual({ direction: 'in', box });
    const out = sim.events.next('control', 5_000, (c) => c.what === 'DragZoomOut');
    await call('ptz.dragZoom', { deviceId: DEVICE, channelId: channel, direction: 'out', ...box, lengthX: 640, lengthY: 360 });
    await out;
    const zoomedOut = await call('ptz.position', { deviceId: DEVICE, channelId: channel });
    expect(zoomedOut.zoom).toBeCloseTo(Math.max(1, zoomedIn.zoom / 2), 2);
  });
});

describe('device control and configuration against a simulated camera', () => {
  it('guard, record and resetAlarm are answered with Result OK and change the device', async () => {
    expect(await call('device.control', { deviceId: DEVICE, channelId: channel, command: 'guard' })).toEqual({ sent: true, answered: true, result: 'OK' });
    expect(sim.control.get(channel)?.guard).toBe(true);
    expect(await call('device.control', { deviceId: DEVICE, channelId: channel, command: 'record' })).toMatchObject({ answered: true, result: 'OK' });
    expect(sim.control.get(channel)?.recording).toBe(true);
    await call('device.control', { deviceId: DEVICE, channelId: channel, command: 'stopRecord' });
    expect(sim.control.get(channel)?.recording).toBe(false);
    await call('device.control', { deviceId: DEVICE, channelId: channel, command: 'unguard' });
    expect(sim.control.get(channel)?.guard).toBe(false);
  });

  it('iframe goes out as IFameCmd to a 2016 device and is reported as sent only', async () => {
    const seen = sim.events.next('control', 5_000, (c) => c.what === 'IFrameCmd');
    const r = await call('device.control', { deviceId: DEVICE, channelId: channel, command: 'iframe' });
    expect(r).toMatchObject({ sent: true, answered: false, note: { code: 'no_response_expected' } });
    await seen;
  });

  it('ConfigDownload gives one panel per type; DeviceConfig changes BasicParam and FrameMirror', async () => {
    const got = await call('device.config.get', { deviceId: DEVICE, types: ['BasicParam', 'FrameMirror'] });
    expect(got.panels.map((p: { type: string; answered: boolean }) => [p.type, p.answered])).toEqual([
      ['BasicParam', true],
      ['FrameMirror', true],
    ]);
    expect(got.panels[0].values.HeartBeatInterval).toBe('60');
    expect(got.panels[1].xml).toContain('<FrameMirror>');
    expect(await call('device.config.set', { deviceId: DEVICE, basicParam: { heartBeatInterval: 30 } })).toMatchObject({ answered: true, result: 'OK' });
    expect(sim.config.keepaliveSec).toBe(30);
    await expect(call('device.config.set', { deviceId: DEVICE, basicParam: { heartBeatInterval: 1 } })).rejects.toThrow(/heartBeatInterval must be a whole number from 5/);
    expect(await call('device.config.set', { deviceId: DEVICE, type: 'FrameMirror', values: { FrameMirror: 1 } })).toMatchObject({ result: 'OK' });
    expect(extrasOf(sim).configs.FrameMirror).toMatchObject({ FrameMirror: '1' });
    await expect(call('device.config.set', { deviceId: DEVICE, type: 'VideoAlarmRecord', values: { PreRecordTime: 31 } })).rejects.toThrow(
      /VideoAlarmRecord: PreRecordTime must be a whole number from 0 to 30/,
    );
    expect(await call('device.config.set', { deviceId: DEVICE, type: 'VideoAlarmRecord', values: { RecordEnable: '1', PreRecordTime: 10 } })).toMatchObject({ result: 'OK' });
    const back = await call('device.config.get', { deviceId: DEVICE, types: ['VideoAlarmRecord'] });
    expect(back.panels[0].values).toMatchObject({ RecordEnable: '1', PreRecordTime: '10', RecordTime: '30' });
  });

  it('reboot: the device is watched until it registers again and the time is reported', async () => {
    const back = next('device.rebooted', (r) => r.deviceId === DEVICE, 15_000);
    const r = await call('device.control', { deviceId: DEVICE, command: 'reboot' });
    expect(r).toMatchObject({ sent: true, note: { code: 'reboot_watch' } });
    const rebooted = await back;
    expect(rebooted.tookMs).toBeGreaterThanOrEqual(300);
    await until('online again', () => core.gb.devices.isOnline(DEVICE), 10_000);
  }, 20_000);
});

describe('alarms from a simulated camera', () => {
  it('subscribed, raised, answered, stored, listed and acknowledged; Query Alarm returns the history', async () => {
    expect(await call('alarm.subscribe', { deviceId: DEVICE })).toEqual({ state: 'active' });
    await until('the Alarm subscription on the device', () => sim.subscriptions.list().some((s) => s.kind === 'Alarm'));
    const raised = next('alarm.raised', (a) => a.deviceId === DEVICE && a.via === 'MESSAGE');
    const answered = sim.events.next('message', 5_000, (m) => m.root === 'Response' && m.cmdType === 'Alarm');
    await sim.raiseAlarm({ channelId: channel, priority: 2, method: 5, description: '越界侦测' });
    const alarm = await raised;
    await answered;
    expect(alarm).toMatchObject({ channelId: channel, priority: 2, method: 5, description: '越界侦测', acknowledgedAt: null });
    expect(alarm.time).toEqual(expect.any(Number));
    const listed = await call('alarm.list', { deviceId: DEVICE, unacknowledged: true });
    expect(listed.alarms.map((a: { id: number }) => a.id)).toContain(alarm.id);
    const acked = await call('alarm.ack', { alarmId: alarm.id });
    expect(acked.alarm.acknowledgedAt).toEqual(expect.any(Number));
    expect((await call('alarm.list', { deviceId: DEVICE, unacknowledged: true })).alarms.map((a: { id: number }) => a.id)).not.toContain(alarm.id);
    await expect(call('alarm.ack', { alarmId: 999_999 })).rejects.toThrow(/not stored/);
    const history = await call('alarm.query', { deviceId: DEVICE });
    expect(history.answered).toBe(true);
    expect(history.alarms.some((a: { description: string; via: string }) => a.description === '越界侦测' && a.via === 'QUERY')).toBe(true);
  });
});
