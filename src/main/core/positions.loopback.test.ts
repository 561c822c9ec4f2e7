// MobilePosition and the device's own alarm history end to end: the real core (SQLite in a temp folder) and a
// simulated camera on loopback UDP whose clock is set to +08:00 and writes its times without a zone, while the
// console runs in UTC. Positions subscribed for must reach position.list and position.updated, moving, and every
// device time must be read in the device's zone (device.update timeZone), not the console's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import type { PositionEntry } from '../../shared/types/control';
import { SimFleet, type SimDevice } from '../../device-sim';
import { dispatch } from '../api/handlers';
import { until } from '../gb28181/server/testing/harness';
import { createCore, type Core } from './create-core';

const DEVICE = '34020000001320000301';
const consoleZone = process.env.TZ;
let core: Core;
let fleet: SimFleet;
let sim: SimDevice;

const call = (method: string, params: unknown) => dispatch(core.handlers, method, params) as Promise<any>;

async function untilAsync(cond: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collect<E extends ApiEventName>(event: E, match: (p: ApiEvents[E]) => boolean, n: number, ms = 15_000): Promise<ApiEvents[E][]> {
  const got: ApiEvents[E][] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`only ${got.length} of ${n} ${event} within ${ms} ms`))), ms);
    const off = core.events.on(event, (p) => {
      if (!match(p)) return;
      got.push(p);
      if (got.length < n) return;
      clearTimeout(timer);
      off();
      resolve(got);
    });
  });
}

beforeAll(async () => {
  process.env.TZ = 'UTC';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-positions-'));
  core = await createCore({ dataDir: dir, flags: { sipIp: '127.0.0.1', sipPort: 25191, password: 'sim-pw-123' }, statsIntervalMs: 0 });
  // The device's zone is known before it registers, so the 200's Date sets its +08:00 clock right.
  await call('device.add', { deviceId: DEVICE });
  await call('device.update', { deviceId: DEVICE, timeZone: '+08:00' });
  const [online] = [collect('device.online', (d) => d.deviceId === DEVICE, 1)];
  fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port: core.gb.listen[0].port, id: core.settings.values.sipId, domain: core.settings.values.domain },
    password: 'sim-pw-123',
    devices: 1,
    idBase: DEVICE,
    localIp: '127.0.0.1',
    device: { channels: 1, field: { timeZone: '+08:00', timeFormat: 'padded' } },
  });
  sim = fleet.devices[0];
  await online;
}, 30_000);

afterAll(async () => {
  await fleet?.stop();
  await core?.close();
  if (consoleZone === undefined) delete process.env.TZ;
  else process.env.TZ = consoleZone;
});

describe('MobilePosition from a simulated camera', () => {
  it('position.subscribe: the reports reach position.updated and position.list, moving, at the device-zone time', async () => {
    expect(await call('position.subscribe', { deviceId: DEVICE, intervalSec: 1 })).toEqual({ state: 'active' });
    // One subscription at the device once the follow-ups after its registration (which renew every wanted kind)
    // are done: the subscription they replace is ended there, or both would report, milliseconds apart.
    await untilAsync(async () => (await call('server.stats', {})).followUpsPending === 0, 'the follow-ups after registration to finish');
    await until(() => sim.subscriptions.list().filter((s) => s.kind === 'MobilePosition').length === 1, 'one MobilePosition subscription at the device', 5_000);
    const [a, b] = await collect('position.updated', (p) => p.deviceId === DEVICE, 2);
    expect(b.longitude !== a.longitude || b.latitude !== a.latitude).toBe(true);
    expect(b).toMatchObject({ speed: 12.5, direction: expect.any(Number) });
    // the device wrote its +08:00 wall clock without a zone: read in its zone, the time is when it was sent
    for (const p of [a, b]) expect(Math.abs(p.time! - p.receivedAt)).toBeLessThan(5_000);

    const listed: PositionEntry[] = (await call('position.list', { deviceId: DEVICE })).positions;
    expect(listed.map((p) => p.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(listed.find((p) => p.id === b.id)).toMatchObject({ longitude: b.longitude, latitude: b.latitude, time: b.time });

    expect(await call('position.subscribe', { deviceId: DEVICE, on: false })).toMatchObject({ state: expect.any(String) });
  }, 30_000);
});

describe("the device's alarm history (Query Alarm)", () => {
  it('reads the alarm times in the device zone', async () => {
    const raisedAt = Date.now();
    await sim.raiseAlarm({ priority: 2, method: 5, alarmType: 2 });
    const history = await call('alarm.query', { deviceId: DEVICE });
    expect(history.answered).toBe(true);
    const last = history.alarms.at(-1);
    expect(last).toMatchObject({ via: 'QUERY', priority: 2 });
    expect(Math.abs(last.time - raisedAt)).toBeLessThan(5_000);
  }, 30_000);
});
