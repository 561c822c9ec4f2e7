// The field-behaviour knobs (FieldBehaviour): what real devices do, reproduced against the simulator's own platform.
import { afterEach, describe, expect, it } from 'vitest';
import { getCallId, getCSeq, getHeader, getTopVia } from '../../main/sip/message';
import type { SipRequest } from '../../main/sip/message/types';
import { SimFleet, type FleetOptions } from '../fleet/fleet';
import { child, text } from '../manscdp/read';
import { timeText } from '../manscdp/time-text';
import { FakePlatform, type FakePlatformOptions } from '../testing/fake-platform';

const BASE = '34020000001320000001';
let platform: FakePlatform | undefined;
let fleet: SimFleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  await platform?.close();
  fleet = platform = undefined;
});

async function setup(field: NonNullable<FleetOptions['device']>['field'], p: FakePlatformOptions = {}, device: FleetOptions['device'] = {}) {
  platform = await FakePlatform.start({ password: 'pw1234', ...p });
  const requests: SipRequest[] = [];
  platform.events.on('request', (e) => requests.push(e.request));
  fleet = await SimFleet.start({
    server: platform.target,
    password: 'pw1234',
    devices: 1,
    idBase: BASE,
    device: { keepaliveSec: 60, channels: 4, pageSize: 2, ...device, field, timing: { retryMinMs: 100, retryMaxMs: 400 } },
  });
  const d = fleet.devices[0];
  await d.whenRegistered(5000);
  return { platform, device: d, requests };
}

describe('--branch-reuse', () => {
  it('every request carries the one Via branch, MESSAGE CSeq restarts at 1 per Call-ID, and each still gets its answer', async () => {
    const { platform, device, requests } = await setup({ branchReuse: true });
    expect(await device.sendKeepalive()).toBe(true);
    expect(await device.sendKeepalive()).toBe(true);
    const { sn } = await platform.send(BASE, 'Query', 'Catalog');
    await platform.waitFor(() => platform.received('Catalog', sn).length >= 3, 5000, 'the catalog pages');
    const branches = new Set(requests.map((r) => getTopVia(r)?.params.branch));
    expect(branches.size).toBe(1);
    expect([...branches][0]).toMatch(/^z9hG4bK/);
    const messages = requests.filter((r) => r.method === 'MESSAGE');
    expect(messages.length).toBeGreaterThanOrEqual(5);
    expect(new Set(messages.map((m) => getCSeq(m)?.seq))).toEqual(new Set([1]));
    expect(new Set(messages.map((m) => getCallId(m))).size).toBe(messages.length);
    expect(requests.filter((r) => r.method === 'REGISTER').map((r) => getCSeq(r)?.seq)).toEqual([1, 2]);
  });
});

describe('--same-sent-by', () => {
  it('claims the factory address in Via and Contact while the packets come from the real one', async () => {
    const { platform, requests } = await setup({ sentBy: '192.168.1.64' });
    const reg = requests.find((r) => r.method === 'REGISTER')!;
    expect(getTopVia(reg)?.host).toBe('192.168.1.64');
    expect(getHeader(reg, 'Contact')).toContain('@192.168.1.64:');
    expect(platform.registrations.get(BASE)?.source.address).toBe('127.0.0.1');
  });
});

describe('--no-config-download', () => {
  it('ConfigDownload gets its 200 and never an answer; other queries still do', async () => {
    const { platform } = await setup({ noConfigDownload: true });
    const cfg = await platform.send(BASE, 'Query', 'ConfigDownload', '<ConfigType>BasicParam</ConfigType>\r\n');
    expect(cfg.response.status).toBe(200);
    const info = await platform.send(BASE, 'Query', 'DeviceInfo');
    await platform.waitFor(() => platform.received('DeviceInfo', info.sn).length === 1, 5000, 'DeviceInfo');
    expect(platform.received('ConfigDownload')).toHaveLength(0);
  });
});

describe('--catalog-answers-lost', () => {
  it('the first N Catalog queries get their 200 and no answer; the next is answered', async () => {
    const { platform } = await setup({ catalogAnswersLost: 2 }, {}, { channels: 3 });
    const sns: string[] = [];
    for (let i = 0; i < 3; i++) {
      const q = await platform.send(BASE, 'Query', 'Catalog');
      expect(q.response.status).toBe(200);
      sns.push(q.sn);
    }
    await platform.waitFor(() => platform.received('Catalog', sns[2]).length > 0, 5000, 'the third Catalog answer');
    expect(platform.received('Catalog', sns[0])).toHaveLength(0);
    expect(platform.received('Catalog', sns[1])).toHaveLength(0);
  });
});

describe('--catalog-one-message, --catalog-undercount', () => {
  it('the whole catalog in one MESSAGE whatever the page size, with SumNum short by the undercount', async () => {
    const { platform, device } = await setup({ catalogOneMessage: true, catalogUndercount: 2 }, {}, { channels: 8 });
    const sent = device.events.next('sent', 5000, (e) => e.cmdType === 'Catalog');
    const { sn } = await platform.send(BASE, 'Query', 'Catalog');
    expect((await sent).status).toBe(200);
    const parts = platform.received('Catalog', sn);
    expect(parts).toHaveLength(1);
    const items = child(parts[0].body, 'DeviceList');
    const total = 8 + 3; // channels, the business group and two virtual organisations
    expect(Array.isArray((items as Record<string, unknown>).Item) ? ((items as Record<string, unknown>).Item as unknown[]).length : 0).toBe(total);
    expect(Number(text(parts[0].body, 'SumNum'))).toBe(total - 2);
  });
});

describe('--time-format, --time-zone', () => {
  it('writes each form', () => {
    const d = new Date(Date.UTC(2022, 4, 23, 16, 7, 21, 45));
    expect(timeText(d, 'padded', 'Asia/Shanghai')).toBe('2022-05-24T00:07:21');
    expect(timeText(d, 'unpadded', 'Asia/Shanghai')).toBe('2022-5-24T0:07:21');
    expect(timeText(d, 'offset', 'Asia/Shanghai')).toBe('2022-05-24T00:07:21+08:00');
    expect(timeText(d, 'offset', '-03:30')).toBe('2022-05-23T12:37:21-03:30');
    expect(timeText(d, 'millis', 'UTC')).toBe('2022-05-23T16:07:21.045');
  });

  it('DeviceStatus and Alarm times are written in the device format and zone', async () => {
    const { platform, device } = await setup({ timeFormat: 'offset', timeZone: '+05:30' });
    const { sn } = await platform.send(BASE, 'Query', 'DeviceStatus');
    const status = await platform.waitFor(() => platform.received('DeviceStatus', sn)[0], 5000, 'DeviceStatus');
    expect(text(status.body, 'DeviceTime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/);
    await device.raiseAlarm();
    const alarm = await platform.waitFor(() => platform.received('Alarm')[0], 5000, 'the alarm');
    expect(text(alarm.body, 'AlarmTime')).toMatch(/\+05:30$/);
  });
});

describe('outage, --refresh-same-call-id', () => {
  it('sends and answers nothing during an outage; afterwards refreshes on the same Call-ID at once', async () => {
    const { platform, device, requests } = await setup({ refreshSameCallId: true });
    const callId = getCallId(requests.find((r) => r.method === 'REGISTER')!);
    const ended = device.events.next('outage-ended', 5000);
    device.outage(300);
    expect(device.inOutage).toBe(true);
    expect(await device.sendKeepalive()).toBe(false);
    const heard: string[] = [];
    device.events.on('message', (m) => heard.push(m.cmdType));
    const dropped = device.events.next('outage-dropped', 5000);
    void platform.send(BASE, 'Query', 'DeviceInfo').catch(() => undefined);
    expect((await dropped).method).toBe('MESSAGE');
    await ended;
    const refreshed = await device.events.next('registered', 5000);
    expect(refreshed.count).toBe(2);
    expect(heard).toEqual([]);
    const registers = requests.filter((r) => r.method === 'REGISTER');
    expect(getCallId(registers[registers.length - 1])).toBe(callId);
  });

  it('without it, keepalives resume after the outage; a platform that forgot the device gets a registration on a new Call-ID', async () => {
    let forgot = false;
    const { device, requests } = await setup({}, { messageStatus: () => (forgot ? 403 : 200) });
    const callId = getCallId(requests.find((r) => r.method === 'REGISTER')!);
    const keepalive = device.events.next('keepalive', 5000);
    device.outage(100);
    forgot = true;
    expect((await keepalive).status).toBe(403);
    await device.events.next('registered', 5000);
    const registers = requests.filter((r) => r.method === 'REGISTER');
    expect(getCallId(registers[registers.length - 1])).not.toBe(callId);
  });
});
