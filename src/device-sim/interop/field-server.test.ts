// What real devices do, with the simulator's field knobs, against the console's GB server on loopback sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from '../../main/gb28181/server/testing/harness';
import { SimFleet, type FleetOptions } from '../fleet/fleet';

const BASE = '34020000001320000001';
let h: Harness | undefined;
let fleet: SimFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  await h?.close();
  fleet = h = undefined;
});

async function run(f: Partial<FleetOptions> = {}) {
  h = await startHarness({ flags: { sipIp: '127.0.0.1', sipPort: 0, password: 'sim-pw' } });
  const port = h.server.listen[0].port;
  fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port, id: h.settings.values.sipId, domain: h.settings.values.domain },
    password: 'sim-pw',
    devices: 1,
    idBase: BASE,
    ...f,
    device: { channels: 3, keepaliveSec: 60, ...f.device },
  });
  const device = fleet.devices[0];
  await device.whenRegistered(10_000);
  return { h, fleet, device };
}

const logged = (h: Harness, re: RegExp) => h.logger.recent().some((e) => re.test(e.message));

describe('alarms (GB/T 28181 §9.4)', () => {
  it('an Alarm MESSAGE is answered with a Response MESSAGE (CmdType Alarm, same SN, Result OK) and reaches the alarm sink', async () => {
    const { h, device } = await run();
    const channel = device.channelIds[1];
    const answer = device.events.next('message', 10_000, (m) => m.root === 'Response' && m.cmdType === 'Alarm');
    const sent = device.events.next('alarm-sent', 10_000);
    await device.raiseAlarm({ channelId: channel, description: '越界报警' });
    expect((await sent).status).toBe(200);
    const m = await answer;
    expect(m.deviceId).toBe(channel);
    expect(m.sn).toMatch(/^\d+$/);
    await until(() => logged(h, new RegExp(`device ${BASE} raised a video alarm on ${channel} \\(priority 1\\) at .*: 越界报警`)), 'the alarm in the log');
  });
});

describe('subscriptions (RFC 6665)', () => {
  it('a terminating NOTIFY without a body is answered 200 and noted on the device', async () => {
    const { h, device } = await run();
    if (device.subscriptions.count === 0) await device.events.next('subscribed', 10_000);
    const [status] = await device.subscriptions.terminateAll('noresource');
    expect(status).toBe(200);
    await until(() => logged(h, new RegExp(`device ${BASE}: ended its Catalog subscription \\(Subscription-State: terminated;reason=noresource\\)`)), 'the note');
  });
});

describe('catalog (GB/T 28181 A.2.6)', () => {
  it('a device whose SumNum undercounts its list: every item it sent is kept and the device is flagged', async () => {
    // 3 channels + a business group + 2 virtual organisations = 6 items, SumNum 4, pages of 2
    const { h } = await run({ device: { pageSize: 2, field: { catalogUndercount: 2 } } });
    await until(() => h.server.devices.channels(BASE).length === 6, 'all six catalog items stored', 10_000);
    await until(() => logged(h, /the device said SumNum 4 but sent 6 distinct items; all are kept/), 'the flag');
    expect(h.server.devices.channels(BASE)).toHaveLength(6);
  });

  it('a whole catalog in one MESSAGE is stored', async () => {
    const { h } = await run({ device: { channels: 20, pageSize: 2, field: { catalogOneMessage: true } } });
    await until(() => h.server.devices.channels(BASE).length === 23, 'the catalog', 10_000);
  });
});

describe('a device that reuses one Via branch (docs/protocol.md §13)', () => {
  it('registers through the challenge, and every page of its multi-part catalog and its keepalives are taken', async () => {
    const { h, device } = await run({ device: { pageSize: 2, field: { branchReuse: true } } });
    await until(() => h.server.devices.channels(BASE).length === 6, 'the three catalog pages', 10_000);
    expect(await device.sendKeepalive()).toBe(true);
    expect(await device.sendKeepalive()).toBe(true);
  });
});
