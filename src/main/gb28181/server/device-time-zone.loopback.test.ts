// Sites run devices whose clocks are set to another zone than the console's, and their MANSCDP times carry no
// zone (GB/T 28181 A.2.1, docs/protocol.md). Each device's zone is a setting (device.update timeZone, checked in
// api/methods/device-update.loopback.test.ts), the default is the setting deviceTimeZone, and without either the
// console's own zone applies.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmSink, ReceivedAlarm } from '../alarm/alarm-sink';
import { simWorld, SIM_ID, type SimWorld } from '../devices/testing/sim-world';

const consoleZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (consoleZone === undefined) delete process.env.TZ;
  else process.env.TZ = consoleZone;
});

let w: SimWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

function collecting(): AlarmSink & { got: ReceivedAlarm[] } {
  const got: ReceivedAlarm[] = [];
  return { got, receive: (a) => got.push(a) };
}

/** A device whose clock runs at +08:00 and writes times without a suffix (2024-08-20T15:00:00 for 07:00 UTC). */
async function chinaDevice(flags: { deviceTimeZone?: string } = {}) {
  const alarms = collecting();
  w = await simWorld({ device: { field: { timeZone: '+08:00', timeFormat: 'padded', refreshSameCallId: true } }, harness: { alarms, flags } });
  return { world: w, alarms };
}

async function alarmTime(world: SimWorld, alarms: ReturnType<typeof collecting>): Promise<{ raw?: string; at?: number; sent: number }> {
  const before = alarms.got.length;
  const sent = Math.floor(world.clock.now() / 1000) * 1000;
  await world.device.raiseAlarm();
  await world.runUntil(() => alarms.got.length > before, 'the alarm', 10_000);
  const { alarm } = alarms.got[before];
  return { raw: alarm.alarmTimeRaw, at: alarm.alarmTime?.getTime(), sent };
}

describe("a device's time zone", () => {
  it('an alarm time without a zone from a device set to +08:00 is read at +08:00 while the console runs in UTC', async () => {
    const { world, alarms } = await chinaDevice();
    // Registered while the console knew nothing of its zone: the device read the 200's UTC wall clock as its own.
    const hours = (ms: number) => Math.round(ms / 3600_000);
    expect(hours(world.device.clock.offsetMs)).toBe(-8);
    const updated = world.h.server.registry.update(SIM_ID, { timeZone: '+08:00' });
    expect(updated?.timeZone).toBe('+08:00');
    // Its next registration's Date is its own wall clock, and its clock is right again.
    const setAt = world.device.clock.setAt;
    world.device.outage(1000);
    await world.runUntil(() => world.device.clock.setAt !== setAt, 'the device to register again', 10_000);
    expect(hours(world.device.clock.offsetMs)).toBe(0);

    const t = await alarmTime(world, alarms);
    expect(t.raw).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(new Date(t.sent).toISOString()).toBe(new Date(t.at!).toISOString());
    expect(world.h.server.timeZoneOf(SIM_ID)).toBe('+08:00');

    // Back to the console's default: the same wall clock is read as UTC, 8 hours later than the device meant.
    world.h.server.registry.update(SIM_ID, { timeZone: null });
    const u = await alarmTime(world, alarms);
    expect(u.at! - u.sent).toBe(8 * 3600_000);
  });

  it('a device without its own zone follows the console setting deviceTimeZone; its own zone wins', async () => {
    const { world, alarms } = await chinaDevice({ deviceTimeZone: 'Asia/Shanghai' });
    expect(Math.abs(world.device.clock.offsetMs)).toBeLessThan(1000);
    const t = await alarmTime(world, alarms);
    expect(t.at).toBe(t.sent);

    world.h.server.registry.update(SIM_ID, { timeZone: 'Europe/London' });
    const u = await alarmTime(world, alarms);
    // 2024-08-20 is summer time in London (+01:00): 15:00 there is 14:00 UTC, 7 hours after the 07:00 UTC meant.
    expect(u.at! - u.sent).toBe(7 * 3600_000);
  });

  it('the setting deviceTimeZone takes a zone or nothing', async () => {
    const { world } = await chinaDevice();
    expect(() => world.h.settings.update({ deviceTimeZone: 'Nowhere/Land' })).toThrow(/not a zone name/);
    world.h.settings.update({ deviceTimeZone: '+05:30' });
    expect(world.h.server.timeZoneOf(SIM_ID)).toBe('+05:30');
    world.h.settings.update({ deviceTimeZone: '' });
    expect(world.h.server.timeZoneOf(SIM_ID)).toBeUndefined();
  });
});
