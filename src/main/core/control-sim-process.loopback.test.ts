// PTZ, device control, configuration and alarms against the simulator in its own process (`npm run sim` with its
// command line open), as an installer runs it beside the console: each API call must change the simulated device's
// state as a camera's would (read with the simulator's `state` command), and an alarm raised at the simulator's
// terminal must reach the console, be answered, stored and acknowledged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import type { PtzSnapshot } from '../../device-sim/model/ptz-state';
import { startSimProcess, type SimProcess } from '../../device-sim/testing/sim-process';
import { dispatch } from '../api/handlers';
import { freePort } from '../sip/interop/sipp';
import { createCore, type Core } from './create-core';

const DEVICE = '34020000001320000201';
let core: Core;
let sim: SimProcess;
let channel: string;

interface SimState {
  name: string;
  keepaliveSec: number;
  keepaliveMaxFail: number;
  expires: number;
  control: { recording: boolean; guard: boolean; alarm: boolean } | null;
  ptz: PtzSnapshot;
  configs: Record<string, Record<string, unknown>>;
  alarmsRaised: number;
}

const call = (method: string, params: unknown) => dispatch(core.handlers, method, params) as Promise<any>;
const at = () => ({ deviceId: DEVICE, channelId: channel });

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

async function state(id = channel): Promise<SimState> {
  const m = await sim.command(`state ${id}`, new RegExp(`state ${id} (\\{.*\\})\\r?\\n`));
  return JSON.parse(m[1]) as SimState;
}

/** Asks the simulator for its state until `cond` holds (each answer is a line the process prints), with a deadline. */
async function until(what: string, cond: (s: SimState) => boolean, ms = 5_000): Promise<SimState> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await state();
    if (cond(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the simulator reports ${JSON.stringify(s).slice(0, 600)}`);
  }
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-control-process-'));
  core = await createCore({ dataDir: dir, flags: { sipIp: '127.0.0.1', sipPort: await freePort(), password: 'sim-pw-456' }, statsIntervalMs: 0 });
  const port = core.gb.listen[0].port;
  const online = next('device.online', (d) => d.deviceId === DEVICE, 60_000);
  const { sipId, domain } = core.settings.values;
  sim = startSimProcess([
    ...['--server', `127.0.0.1:${port}`, '--server-id', sipId, '--domain', domain, '--password', 'sim-pw-456'],
    ...['--id-base', DEVICE, '--channels', '2', '--local-ip', '127.0.0.1'],
  ]);
  await online;
  await sim.waitFor(new RegExp(`device ${DEVICE} registered`), 30_000);
  const deadline = Date.now() + 30_000;
  while (!(await call('device.get', { deviceId: DEVICE })).catalog.complete) {
    if (Date.now() > deadline) throw new Error(`the catalog of ${DEVICE} did not arrive within 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const channels: { channelId: string }[] = await call('channel.list', { deviceId: DEVICE });
  channel = channels[0].channelId;
}, 90_000);

afterAll(async () => {
  await sim?.stop();
  await core?.close();
});

describe('PTZ against the simulator process', () => {
  it('a move turns the head until stopped; the same move again is not resent', async () => {
    const before = await state();
    expect(await call('ptz.move', { ...at(), pan: 1, tilt: 0, zoom: 0, speed: 100 })).toMatchObject({ sent: true, note: { code: 'no_response_expected' } });
    const moving = await until('the move right', (s) => s.ptz.motion?.pan === 'right');
    expect(moving.ptz.motion).toMatchObject({ panSpeed: 255, tiltSpeed: 0 });
    expect(await call('ptz.move', { ...at(), pan: 1, tilt: 0, zoom: 0, speed: 100 })).toMatchObject({ sent: false, note: { code: 'already_moving' } });
    await call('ptz.stop', at());
    const stopped = await until('the stop', (s) => s.ptz.motion === null);
    expect(stopped.ptz.commandCount).toBe(before.ptz.commandCount + 2);
    expect(stopped.ptz.pan).toBeGreaterThan(before.ptz.pan);
  });

  it('zoom at speed 100 is nibble 15; focus and iris reach the lens; stop ends all', async () => {
    await call('ptz.move', { ...at(), pan: 0, tilt: -1, zoom: 1, speed: 100 });
    expect((await until('zoom in, tilt down', (s) => s.ptz.motion?.zoom === 'in')).ptz.motion).toMatchObject({ tilt: 'down', zoomSpeed: 15, tiltSpeed: 255 });
    await call('ptz.focus', { ...at(), focus: 'near' });
    await until('focus near', (s) => s.ptz.focus === 'near');
    await call('ptz.iris', { ...at(), iris: 'close' });
    await until('iris close', (s) => s.ptz.iris === 'close');
    await call('ptz.stop', at());
    await until('everything stopped', (s) => s.ptz.motion === null && s.ptz.focus === null && s.ptz.iris === null);
  });

  it('a preset set with a name is listed, called back to and deleted', async () => {
    await call('ptz.precise', { ...at(), pan: 33, tilt: -5, zoom: 2 });
    await until('at pan 33', (s) => s.ptz.pan === 33 && s.ptz.tilt === -5 && s.ptz.zoom === 2);
    await call('ptz.preset', { ...at(), action: 'set', index: 7, name: 'Loading bay' });
    await until('preset 7 stored', (s) => s.ptz.presets.some((p) => p.id === 7 && p.pan === 33));
    expect((await call('ptz.presets', at())).presets).toContainEqual({ index: 7, name: 'Loading bay' });
    await call('ptz.precise', { ...at(), pan: 200, tilt: 0, zoom: 1 });
    await until('away at pan 200', (s) => s.ptz.pan === 200);
    await call('ptz.preset', { ...at(), action: 'call', index: 7 });
    const back = await until('back at preset 7', (s) => s.ptz.atPreset === 7);
    expect(back.ptz).toMatchObject({ pan: 33, tilt: -5, zoom: 2 });
    await call('ptz.preset', { ...at(), action: 'delete', index: 7 });
    await until('preset 7 deleted', (s) => !s.ptz.presets.some((p) => p.id === 7));
  });

  it('cruise keeps its points and 12-bit dwell and speed; scan its edges and speed; aux the light', async () => {
    for (const [action, extra] of [
      ['add', { preset: 1 }],
      ['add', { preset: 4 }],
      ['dwell', { value: 4095 }],
      ['speed', { value: 1 }],
      ['start', {}],
    ] as const) {
      await call('ptz.cruise', { ...at(), group: 3, action, ...extra });
    }
    const cruising = await until('cruise 3 running', (s) => s.ptz.cruises.some((c) => c.group === 3 && c.running));
    expect(cruising.ptz.cruises.find((c) => c.group === 3)).toMatchObject({ points: [1, 4], dwellSeconds: 4095, speed: 1 });
    await call('ptz.cruise', { ...at(), group: 3, action: 'stop' });
    await until('cruise stopped', (s) => !s.ptz.cruises.some((c) => c.running));
    await call('ptz.scan', { ...at(), group: 1, action: 'setRight' });
    await call('ptz.scan', { ...at(), group: 1, action: 'speed', value: 4095 });
    await call('ptz.scan', { ...at(), group: 1, action: 'start' });
    const scanning = await until('scan running', (s) => s.ptz.scan?.running === true);
    expect(scanning.ptz.scan).toMatchObject({ group: 1, speed: 4095, right: scanning.ptz.pan });
    await call('ptz.scan', { ...at(), group: 1, action: 'stop' });
    await until('scan stopped', (s) => s.ptz.scan?.running === false);
    await call('ptz.aux', { ...at(), aux: 2, on: true });
    await until('light on', (s) => s.ptz.aux[2] === true);
    await call('ptz.aux', { ...at(), aux: 2, on: false });
    await until('light off', (s) => s.ptz.aux[2] === false);
  });

  it('a box dragged in zooms and centres the head; dragged out, it zooms back', async () => {
    await call('ptz.precise', { ...at(), pan: 100, tilt: 0, zoom: 1 });
    await until('at pan 100, 1x', (s) => s.ptz.pan === 100 && s.ptz.zoom === 1);
    const box = { length: 1280, width: 720, midPointX: 960, midPointY: 360, lengthX: 320, lengthY: 180 };
    expect((await call('ptz.dragZoom', { ...at(), direction: 'in', ...box })).sent).toBe(true);
    const zoomed = await until('zoomed in', (s) => s.ptz.lastDragZoom?.direction === 'in');
    // a quarter of a 60 deg view to the right, then 4x
    expect(zoomed.ptz).toMatchObject({ pan: 115, tilt: 0, zoom: 4, lastDragZoom: { direction: 'in', box } });
    expect(await call('ptz.position', at())).toMatchObject({ answered: true, pan: 115, zoom: 4 });
    await call('ptz.dragZoom', { ...at(), direction: 'out', ...box, midPointX: 640, lengthX: 640, lengthY: 360 });
    expect((await until('zoomed out', (s) => s.ptz.lastDragZoom?.direction === 'out')).ptz).toMatchObject({ pan: 115, zoom: 2 });
  });
});

describe('device control and configuration against the simulator process', () => {
  it('guard, record and reset alarm are answered OK and change the channel', async () => {
    expect(await call('device.control', { ...at(), command: 'guard' })).toEqual({ sent: true, answered: true, result: 'OK' });
    expect((await state()).control).toMatchObject({ guard: true });
    await call('device.control', { ...at(), command: 'record' });
    expect((await state()).control).toMatchObject({ guard: true, recording: true });
    await call('device.control', { ...at(), command: 'stopRecord' });
    await call('device.control', { ...at(), command: 'unguard' });
    expect((await state()).control).toMatchObject({ guard: false, recording: false });
  });

  it('DeviceConfig changes BasicParam and OSD on the device, read back in ConfigDownload', async () => {
    expect(await call('device.config.set', { deviceId: DEVICE, basicParam: { name: 'Yard dome', heartBeatInterval: 20, heartBeatCount: 5 } })).toMatchObject({
      answered: true,
      result: 'OK',
    });
    expect(await state()).toMatchObject({ name: 'Yard dome', keepaliveSec: 20, keepaliveMaxFail: 5 });
    expect(await call('device.config.set', { deviceId: DEVICE, type: 'OSDConfig', values: { TimeEnable: 0, TimeX: 300 } })).toMatchObject({ result: 'OK' });
    expect((await state()).configs.OSDConfig).toMatchObject({ TimeEnable: '0', TimeX: '300', Length: '1920' });
    const { panels } = await call('device.config.get', { deviceId: DEVICE, types: ['BasicParam', 'OSDConfig'] });
    expect(panels[0].values).toMatchObject({ Name: 'Yard dome', HeartBeatInterval: '20', HeartBeatCount: '5' });
    expect(panels[1].values).toMatchObject({ TimeEnable: '0', TimeX: '300' });
  });

  it('an alarm raised at the simulator reaches the console, is answered, stored, reset on the device and acknowledged', async () => {
    expect(await call('alarm.subscribe', { deviceId: DEVICE })).toEqual({ state: 'active' });
    const raised = next('alarm.raised', (a) => a.deviceId === DEVICE && a.channelId === channel && a.via === 'MESSAGE');
    const from = sim.output().length;
    await sim.command(`alarm ${channel}`, new RegExp(`alarm raised on ${channel}`));
    const alarm = await raised;
    await sim.waitFor(new RegExp(`device ${DEVICE}: AlarmAnswered OK on ${channel}`), 10_000, from);
    expect((await state()).control).toMatchObject({ alarm: true });
    expect((await call('alarm.list', { deviceId: DEVICE, unacknowledged: true })).alarms.map((a: { id: number }) => a.id)).toContain(alarm.id);
    expect(await call('device.control', { ...at(), command: 'resetAlarm' })).toMatchObject({ answered: true, result: 'OK' });
    expect((await state()).control).toMatchObject({ alarm: false });
    expect((await call('alarm.ack', { alarmId: alarm.id })).alarm.acknowledgedAt).toEqual(expect.any(Number));
    expect((await call('alarm.list', { deviceId: DEVICE, unacknowledged: true })).alarms.map((a: { id: number }) => a.id)).not.toContain(alarm.id);
  });

  it('reboot: the simulator registers again and the console reports how long it took', async () => {
    const back = next('device.rebooted', (r) => r.deviceId === DEVICE, 30_000);
    const from = sim.output().length;
    expect(await call('device.control', { deviceId: DEVICE, command: 'reboot' })).toMatchObject({ sent: true, note: { code: 'reboot_watch' } });
    await sim.waitFor(new RegExp(`device ${DEVICE}: TeleBoot`), 10_000, from);
    expect((await back).tookMs).toBeGreaterThan(0);
  }, 40_000);
});
