import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/sip/timers/clock';
import { SimFleet } from '../fleet/fleet';
import { FakePlatform, type FakePlatformOptions } from '../testing/fake-platform';
import type { FleetOptions } from '../fleet/fleet';
import { child, text } from '../manscdp/read';

const BASE = '34020000001320000001';
let platform: FakePlatform | undefined;
let fleet: SimFleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  await platform?.close();
  fleet = undefined;
  platform = undefined;
});

async function setup(p: FakePlatformOptions = {}, f: Partial<FleetOptions> = {}) {
  platform = await FakePlatform.start({ password: 'pw1234', ...p });
  fleet = await SimFleet.start({
    server: platform.target,
    password: 'pw1234',
    devices: 1,
    idBase: BASE,
    ...f,
    device: { keepaliveSec: 60, channels: 4, ...f.device, timing: { retryMinMs: 100, retryMaxMs: 400, ...f.device?.timing } },
  });
  return { platform, fleet, device: fleet.devices[0] };
}

describe('registration', () => {
  it('answers the digest challenge with qop and registers with the device ID as username', async () => {
    const { platform, device } = await setup();
    const reg = await device.events.next('registered', 5000);
    expect(reg.count).toBe(1);
    const auth = platform.registrations.get(BASE);
    expect(auth?.gbVersion).toBe('2.0');
    const registered = await platform.waitFor(() => platform.registrations.get(BASE));
    expect(registered.contact).toContain(`sip:${BASE}@127.0.0.1:`);
    expect(device.state).toBe('registered');
  });

  it('answers without qop when told to (RFC 2069 form) and the platform accepts it', async () => {
    const seen: string[] = [];
    const { platform, device } = await setup({}, { device: { qop: 'none' } });
    platform.events.on('register', (e) => e.authorization && seen.push(e.authorization));
    await device.events.next('registered', 5000);
    expect(seen[0]).not.toMatch(/qop=/);
    expect(seen[0]).toMatch(/username="34020000001320000001"/);
  });

  it('sets its clock from the Date header of the 200 OK', async () => {
    const { device } = await setup({ dateHeader: () => '2030-01-02T03:04:05.678' });
    const reg = await device.events.next('registered', 5000);
    expect(reg.dateHeader).toBe('2030-01-02T03:04:05.678');
    const now = device.clock.now();
    expect(now.getFullYear()).toBe(2030);
    expect(now.getMonth()).toBe(0);
    expect(now.getDate()).toBe(2);
    expect(now.getHours()).toBe(3);
    expect(Math.abs(now.getTime() - new Date(2030, 0, 2, 3, 4, 5, 678).getTime())).toBeLessThan(2000);
  });

  it('with a wrong password reports the refusal and retries after the backoff', async () => {
    const { platform, device } = await setup({}, { device: { faults: { wrongPassword: true } } });
    const first = await device.events.next('register-failed', 5000);
    expect(first.status).toBe(403);
    expect(first.retryInMs).toBeGreaterThanOrEqual(100);
    const second = await device.events.next('register-failed', 5000);
    expect(second.attempt).toBe(2);
    expect(second.retryInMs).toBeGreaterThanOrEqual(first.retryInMs * 0.9);
    expect(platform.registrations.size).toBe(0);
  });

  it('retries after the platform refused it and registers once the platform accepts', async () => {
    let refuse = true;
    const { device } = await setup({ registerStatus: () => (refuse ? 503 : undefined) });
    const failed = await device.events.next('register-failed', 5000);
    expect(failed.status).toBe(503);
    refuse = false;
    await device.events.next('registered', 5000);
  });

  it('re-registers before the granted time runs out, on the same Call-ID', async () => {
    const { platform, device } = await setup({ grantExpires: 2 }, { device: { timing: { refreshRatio: 0.5 } } });
    await device.events.next('registered', 5000);
    const again = await device.events.next('registered', 5000);
    expect(again.count).toBe(2);
    expect(platform.registrations.get(BASE)?.count).toBe(2);
  });

  it('unregisters with Expires 0 when stopped', async () => {
    const { platform, fleet, device } = await setup();
    await device.events.next('registered', 5000);
    const gone = platform.events.next('register', 5000, (e) => e.outcome === 'unregistered');
    await fleet.stop();
    expect((await gone).expires).toBe(0);
    expect(platform.registrations.size).toBe(0);
  });
});

describe('SIP over TCP', () => {
  it('registers over one TCP connection, answers on it, and registers again after the connection drops', async () => {
    const { platform, device } = await setup({}, { transport: 'tcp' });
    await device.events.next('registered', 5000);
    const reg = platform.registrations.get(BASE)!;
    expect(reg.source.transport).toBe('TCP');
    expect(reg.contact).toContain(';transport=tcp');
    const info = await platform.send(BASE, 'Query', 'DeviceInfo');
    const di = await platform.waitFor(() => platform.received('DeviceInfo', info.sn)[0]);
    expect(platform.messages.find((m) => m.message === di)!.request.headers.find((h) => h.name === 'Via')!.value).toMatch(/^SIP\/2\.0\/TCP /);
    const failed = device.events.next('register-failed', 5000);
    platform.dropTcp(BASE);
    expect((await failed).reason).toMatch(/TCP connection .* closed/);
    expect((await device.events.next('registered', 5000)).count).toBe(2);
    expect(platform.registrations.get(BASE)!.source.port).not.toBe(reg.source.port);
  });
});

describe('keepalive', () => {
  it('sends Keepalive notifies every interval and counts the answers', async () => {
    const { platform, device } = await setup({}, { device: { keepaliveSec: 0.2 } });
    await device.events.next('registered', 5000);
    await device.events.next('keepalive', 5000);
    await device.events.next('keepalive', 5000);
    const ka = platform.received('Keepalive');
    expect(ka.length).toBeGreaterThanOrEqual(2);
    expect(ka[0].root).toBe('Notify');
    expect(text(ka[0].body, 'Status')).toBe('OK');
    expect(ka[0].gbCharset).toBe(true);
    expect(device.snapshot().keepalivesAnswered).toBeGreaterThanOrEqual(2);
  });

  it('registers again when the platform answers keepalives with 404 (it forgot us)', async () => {
    let status = 200;
    const { device } = await setup({ messageStatus: () => status }, { device: { keepaliveSec: 0.2 } });
    await device.events.next('registered', 5000);
    status = 404;
    const ka = await device.events.next('keepalive', 5000, (e) => !e.ok);
    expect(ka.status).toBe(404);
    status = 200;
    expect((await device.events.next('registered', 5000)).count).toBe(2);
  });

  it('sends no keepalives with the stop-keepalive fault, while a normal device on the same clock does', async () => {
    const clock = new FakeClock(Date.now());
    const { platform, device } = await setup({}, { clock, device: { keepaliveSec: 30, faults: { noKeepalive: true } } });
    const normal = await SimFleet.start({
      server: platform.target,
      password: 'pw1234',
      devices: 1,
      idBase: '34020000001320000101',
      clock,
      device: { keepaliveSec: 30 },
    });
    try {
      await device.events.next('registered', 5000);
      await normal.devices[0].events.next('registered', 5000);
      const control = normal.devices[0].events.next('keepalive', 5000);
      clock.advance(65_000);
      await control;
      expect(platform.received('Keepalive').map((m) => m.deviceId)).not.toContain(BASE);
      expect(device.snapshot().keepalivesSent).toBe(0);
    } finally {
      await normal.stop();
    }
  });
});

describe('queries', () => {
  it('answers Catalog in pages of the configured size, items over a 215 group and 216 organisations', async () => {
    const { platform, device } = await setup({}, { device: { channels: 7, pageSize: 3 } });
    await device.events.next('registered', 5000);
    const { sn } = await platform.send(BASE, 'Query', 'Catalog');
    const parts = await platform.waitFor(() => {
      const got = platform.received('Catalog', sn);
      const items = got.reduce((n, m) => n + Number((child(m.body, 'DeviceList') as Record<string, string>)['@Num']), 0);
      return items >= 10 && got;
    });
    expect(parts).toHaveLength(4); // 1 + 2 + 7 = 10 items, 3 per message
    expect(parts.every((p) => text(p.body, 'SumNum') === '10')).toBe(true);
    const items = parts.flatMap((p) => {
      const list = child(child(p.body, 'DeviceList'), 'Item');
      return Array.isArray(list) ? list : [list];
    }) as Record<string, string>[];
    const bg = items.find((i) => i.DeviceID.slice(10, 13) === '215')!;
    const vos = items.filter((i) => i.DeviceID.slice(10, 13) === '216');
    const channels = items.filter((i) => i.DeviceID.slice(10, 13) === '131');
    expect(bg.ParentID).toBe(BASE);
    expect(vos).toHaveLength(2);
    expect(vos.every((v) => v.ParentID === bg.DeviceID && v.BusinessGroupID === bg.DeviceID)).toBe(true);
    expect(channels).toHaveLength(7);
    expect(channels.map((c) => c.Name)).toContain('大门口');
    expect(channels.map((c) => c.Name)).toContain('停车场东');
    expect(new Set(channels.map((c) => c.ParentID))).toEqual(new Set(vos.map((v) => v.DeviceID)));
  });

  it('answers DeviceInfo, DeviceStatus, ConfigDownload BasicParam and RecordInfo', async () => {
    const { platform, device } = await setup({}, { device: { channels: 2, pageSize: 5 } });
    await device.events.next('registered', 5000);
    const info = await platform.send(BASE, 'Query', 'DeviceInfo');
    const di = await platform.waitFor(() => platform.received('DeviceInfo', info.sn)[0]);
    expect(text(di.body, 'Channel')).toBe('2');
    expect(text(di.body, 'Result')).toBe('OK');

    const st = await platform.send(BASE, 'Query', 'DeviceStatus');
    const ds = await platform.waitFor(() => platform.received('DeviceStatus', st.sn)[0]);
    expect(text(ds.body, 'Online')).toBe('ONLINE');

    const cfg = await platform.send(BASE, 'Query', 'ConfigDownload', '<ConfigType>BasicParam</ConfigType>\r\n');
    const cd = await platform.waitFor(() => platform.received('ConfigDownload', cfg.sn)[0]);
    expect(text(child(cd.body, 'BasicParam'), 'HeartBeatInterval')).toBe('60');

    const ch = device.channelIds[1];
    const rec = await platform.send(
      BASE,
      'Query',
      'RecordInfo',
      '<StartTime>2024-08-20T00:00:00</StartTime>\r\n<EndTime>2024-08-20T23:59:59</EndTime>\r\n<Type>all</Type>\r\n',
      ch,
    );
    const parts = await platform.waitFor(() => {
      const got = platform.received('RecordInfo', rec.sn);
      return got.length >= 3 && got;
    });
    expect(text(parts[0].body, 'SumNum')).toBe('14');
    expect(parts[0].deviceId).toBe(ch);
  });

  it('sends the last RecordInfo parts late with recordLateParts, and many items a day with short files', async () => {
    const { platform, device } = await setup({}, { device: { channels: 1, pageSize: 20, field: { recordFileMinutes: 10, recordLateParts: { parts: 2, delayMs: 400 } } } });
    await device.events.next('registered', 5000);
    const ch = device.channelIds[0];
    const t0 = Date.now();
    const arrivals: number[] = [];
    const rec = await platform.send(BASE, 'Query', 'RecordInfo', '<StartTime>2024-08-20T00:00:00</StartTime>\r\n<EndTime>2024-08-20T23:59:59</EndTime>\r\n', ch);
    const parts = await platform.waitFor(() => {
      const got = platform.received('RecordInfo', rec.sn);
      while (arrivals.length < got.length) arrivals.push(Date.now() - t0);
      return got.length >= 5 && got;
    }, 5000);
    expect(text(parts[0].body, 'SumNum')).toBe('98');
    const items = (p: (typeof parts)[number]) => {
      const it = child(child(p.body, 'RecordList'), 'Item');
      return Array.isArray(it) ? it.length : it ? 1 : 0;
    };
    expect(parts.map(items)).toEqual([20, 20, 20, 20, 18]);
    expect(arrivals[3] - arrivals[2]).toBeGreaterThanOrEqual(300);
  });
});

describe('control', () => {
  it('keeps PTZ state from PTZCmd and lists presets in PresetQuery', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    const ch = device.channelIds[0];
    const ptz = async (hex: string) => {
      const seen = device.events.next('ptz', 5000);
      await platform.send(BASE, 'Control', 'DeviceControl', `<PTZCmd>${hex}</PTZCmd>\r\n`, ch);
      return seen;
    };
    const move = await ptz('A50F010180000036');
    expect(move.command).toMatchObject({ kind: 'move', pan: 'right', panSpeed: 0x80 });
    // how far the head turns depends on the milliseconds between the two commands (ptz-state.test.ts covers that
    // with a fake clock); here: the head is moving right until the stop
    expect(device.ptz(ch).snapshot().motion).toMatchObject({ pan: 'right' });
    await ptz('A50F0100000000B5');
    // set preset 3: instruction 81, byte 6 = 3, checksum (A5+0F+01+81+00+03+00) mod 256 = 39
    expect((await ptz('A50F018100030039')).command).toEqual({ kind: 'preset', action: 'set', preset: 3 });
    const snap = device.ptz(ch).snapshot();
    expect(snap.motion).toBeNull();
    expect(snap.presets.map((p) => p.id)).toEqual([3]);
    const q = await platform.send(BASE, 'Query', 'PresetQuery', '', ch);
    const pq = await platform.waitFor(() => platform.received('PresetQuery', q.sn)[0]);
    expect(text(pq.body, 'SumNum')).toBe('1');
  });

  it('answers Record and Guard with Result OK and keeps the state', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    const ch = device.channelIds[0];
    const r = await platform.send(BASE, 'Control', 'DeviceControl', '<RecordCmd>Record</RecordCmd>\r\n', ch);
    const res = await platform.waitFor(() => platform.received('DeviceControl', r.sn)[0]);
    expect(text(res.body, 'Result')).toBe('OK');
    expect(device.control.get(ch)?.recording).toBe(true);
    const g = await platform.send(BASE, 'Control', 'DeviceControl', '<GuardCmd>SetGuard</GuardCmd>\r\n', ch);
    await platform.waitFor(() => platform.received('DeviceControl', g.sn)[0]);
    expect(device.control.get(ch)?.guard).toBe(true);
  });

  it('DeviceConfig of OSDConfig and SnapShotConfig is applied and read back in ConfigDownload; a value out of bounds is answered ERROR and changes nothing', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    const osd = await platform.send(BASE, 'Control', 'DeviceConfig', '<OSDConfig>\r\n<TimeEnable>0</TimeEnable>\r\n<TimeX>100</TimeX>\r\n</OSDConfig>\r\n');
    expect(text((await platform.waitFor(() => platform.received('DeviceConfig', osd.sn)[0])).body, 'Result')).toBe('OK');
    const snap = await platform.send(BASE, 'Control', 'DeviceConfig', '<SnapShotConfig>\r\n<SnapNum>3</SnapNum>\r\n<UploadURL>http://10.0.0.9/up</UploadURL>\r\n</SnapShotConfig>\r\n');
    expect(text((await platform.waitFor(() => platform.received('DeviceConfig', snap.sn)[0])).body, 'Result')).toBe('OK');
    const refused = device.events.next('control', 5000, (c) => c.what === 'DeviceConfig');
    const bad = await platform.send(BASE, 'Control', 'DeviceConfig', '<OSDConfig>\r\n<TimeEnable>1</TimeEnable>\r\n<TimeX>5000</TimeX>\r\n</OSDConfig>\r\n');
    expect(text((await platform.waitFor(() => platform.received('DeviceConfig', bad.sn)[0])).body, 'Result')).toBe('ERROR');
    expect((await refused).value).toBe('OSDConfig refused: TimeX must be within the picture (0-1920)');

    const q = await platform.send(BASE, 'Query', 'ConfigDownload', '<ConfigType>OSDConfig/SnapShotConfig</ConfigType>\r\n');
    const parts = await platform.waitFor(() => {
      const got = platform.received('ConfigDownload', q.sn);
      return got.length === 2 && got;
    });
    const osdBack = parts.map((p) => child(p.body, 'OSDConfig')).find(Boolean);
    expect(text(osdBack, 'TimeEnable')).toBe('0');
    expect(text(osdBack, 'TimeX')).toBe('100');
    expect(text(osdBack, 'Length')).toBe('1920');
    const snapBack = parts.map((p) => child(p.body, 'SnapShotConfig')).find(Boolean);
    expect(text(snapBack, 'SnapNum')).toBe('3');
    expect(text(snapBack, 'UploadURL')).toBe('http://10.0.0.9/up');
  });

  it('TeleBoot makes it register again on a new Call-ID', async () => {
    const { platform, device } = await setup({}, { device: { timing: { rebootMs: 50 } } });
    await device.events.next('registered', 5000);
    const reboot = device.events.next('reboot', 5000);
    await platform.send(BASE, 'Control', 'DeviceControl', '<TeleBoot>Boot</TeleBoot>\r\n');
    await reboot;
    expect((await device.events.next('registered', 5000)).count).toBe(2);
  });

  it('raises an alarm on demand as a MESSAGE Notify', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    await device.raiseAlarm({ description: '越界报警' });
    const alarm = await platform.waitFor(() => platform.received('Alarm')[0]);
    expect(alarm.root).toBe('Notify');
    expect(text(alarm.body, 'AlarmDescription')).toBe('越界报警');
  });

  it('sends malformed XML with the fault knob', async () => {
    const { platform, device } = await setup({}, { device: { faults: { malformedXml: true } } });
    await device.events.next('registered', 5000);
    const bad = platform.events.next('bad-message', 5000);
    await platform.send(BASE, 'Query', 'DeviceInfo');
    expect((await bad).reason).toMatch(/XML|root/i);
  });
});

describe('subscriptions', () => {
  it('sends catalog NOTIFYs with Event OFF when a channel goes offline', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    const res = await platform.subscribe(BASE, 'Catalog', 600);
    expect(res.status).toBe(200);
    const notify = platform.events.next('request', 5000, (e) => e.request.method === 'NOTIFY');
    device.setChannelOnline(device.channelIds[1], false);
    const req = (await notify).request;
    expect(req.body.toString('latin1')).toContain('<Event>OFF</Event>');
  });

  it('sends an Alarm NOTIFY to an alarm subscription besides the MESSAGE, and ends a subscription on Expires 0', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    const subscribed = device.events.next('subscribed', 5000);
    await platform.subscribe(BASE, 'Alarm', 600);
    const { callId } = await subscribed;
    const notify = platform.events.next('request', 5000, (e) => e.request.method === 'NOTIFY');
    await device.raiseAlarm({ channelId: device.channelIds[0] });
    const req = (await notify).request;
    expect(req.headers.find((h) => h.name === 'Call-ID')?.value).toBe(callId);
    expect(req.headers.find((h) => h.name === 'Subscription-State')?.value).toMatch(/^active;expires=\d+$/);
    expect(req.body.toString('latin1')).toContain('<CmdType>Alarm</CmdType>');
    expect(device.control.get(device.channelIds[0])?.alarm).toBe(true);
    expect(device.subscriptions.list()).toMatchObject([{ callId, kind: 'Alarm' }]);
  });

  it('sends MobilePosition NOTIFYs at the requested interval', async () => {
    const { platform, device } = await setup();
    await device.events.next('registered', 5000);
    await platform.subscribe(BASE, 'MobilePosition', 600, '<Interval>1</Interval>\r\n');
    const n = await device.events.next('notify-sent', 5000);
    expect(n.cmdType).toBe('MobilePosition');
    expect(n.status).toBe(200);
  });
});

describe('alarms and positions on a timer', () => {
  it('raises an alarm every alarmTimer.everySec on each channel in turn, with the configured priority, method and type', async () => {
    const clock = new FakeClock(Date.now());
    const { platform, device } = await setup({}, { clock, device: { channels: 2, alarmTimer: { everySec: 30, priority: 3, method: 2, alarmType: 1 } } });
    await device.events.next('registered', 5000);
    for (const channelId of device.channelIds) {
      const sent = device.events.next('alarm-sent', 5000);
      clock.advance(30_000);
      expect((await sent).channelId).toBe(channelId);
    }
    const alarms = await platform.waitFor(() => (platform.received('Alarm').length >= 2 ? platform.received('Alarm') : undefined));
    expect(alarms.map((a) => a.deviceId)).toEqual(device.channelIds);
    expect(text(alarms[0].body, 'AlarmPriority')).toBe('3');
    expect(text(alarms[0].body, 'AlarmMethod')).toBe('2');
    expect(text(child(alarms[0].body, 'Info'), 'AlarmType')).toBe('1');
    expect(text(alarms[0].body, 'AlarmDescription')).toBe('视频丢失报警');
  });

  it('reports a moving position to a MobilePosition subscription', async () => {
    const clock = new FakeClock(Date.now());
    const { platform, device } = await setup({}, { clock });
    await device.events.next('registered', 5000);
    const bodies: string[] = [];
    platform.events.on('request', (e) => e.request.method === 'NOTIFY' && bodies.push(e.request.body.toString('latin1')));
    const first = device.events.next('notify-sent', 5000);
    await platform.subscribe(BASE, 'MobilePosition', 600, '<Interval>30</Interval>\r\n');
    await first;
    const second = device.events.next('notify-sent', 5000);
    clock.advance(30_000);
    await second;
    const read = (b: string, tag: string) => Number(new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(b)?.[1]);
    const [a, b] = bodies;
    const metres = Math.hypot((read(b, 'Longitude') - read(a, 'Longitude')) * 111_320 * Math.cos((read(a, 'Latitude') * Math.PI) / 180), (read(b, 'Latitude') - read(a, 'Latitude')) * 111_320);
    // 30 s at 12.5 km/h is 104 m along the circle
    expect(metres).toBeGreaterThan(95);
    expect(metres).toBeLessThan(110);
    expect(read(b, 'Speed')).toBe(12.5);
    expect(read(b, 'Direction')).not.toBe(read(a, 'Direction'));
  });
});
