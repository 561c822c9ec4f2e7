// The GB server end to end over an in-memory network with a fake clock: registration, queries after it,
// keepalive and offline detection, catalog assembly, charsets, subscriptions, restart. The device API methods
// over it are tested in api/methods/devices.test.ts.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { DeviceSummary } from '../../../shared/contract';
import { getHeader } from '../../sip/message';
import { FakeClock } from '../../sip/timers/clock';
import { encodeDoc } from '../manscdp';
import { buildCatalogResponse, buildCatalogResponseParts } from '../manscdp/messages/catalog';
import { buildDeviceInfoResponse } from '../manscdp/messages/device-info';
import { registrationProblems } from '../registrar/problems';
import { memoryNetwork, SERVER_ADDR, settle, startHarness, until } from './testing/harness';
import { CAM, CHANNELS, closedAfterEach, deviceMaker, NVR, T0 } from './testing/nvr-fixture';
import { rawRequest, TestDevice } from './testing/test-device';

const open = closedAfterEach();

async function world(o: { tuning?: Parameters<typeof startHarness>[0]['tuning']; flags?: Parameters<typeof startHarness>[0]['flags']; dir?: string; clock?: FakeClock } = {}) {
  const clock = o.clock ?? new FakeClock(T0);
  const { net, serverUdp, serverTcp } = memoryNetwork();
  const h = await startHarness({ clock, transports: [serverUdp, serverTcp], tuning: o.tuning, flags: o.flags, dir: o.dir });
  open.push(h);
  const device = deviceMaker(net, clock, open);
  return { clock, net, h, device };
}

describe('registration and what follows it', () => {
  it('a device registers, is online, and its DeviceInfo and Catalog are asked for and stored', async () => {
    const { h, device } = await world();
    const nvr = device(NVR);
    const online = h.next('device.online');
    const channelsChanged = h.next('channel.changed');
    const res = await nvr.register();
    expect(res.status).toBe(200);
    expect((await online).deviceId).toBe(NVR);
    expect((await channelsChanged).channels.map((c) => c.channelId)).toEqual(CHANNELS.map((c) => c.deviceId));
    await until(() => h.server.devices.get(NVR)?.manufacturer === 'Hikvision', 'DeviceInfo applied');
    const asked = nvr.queries.map((q) => q.cmdType);
    expect(asked).toEqual(expect.arrayContaining(['DeviceInfo', 'Catalog']));
    const details = await h.details(NVR);
    expect(details).toMatchObject({
      deviceId: NVR,
      name: 'NVR-1',
      online: true,
      manufacturer: 'Hikvision',
      model: 'DS-7608',
      firmware: 'V4.1',
      transport: 'UDP',
      address: '10.0.0.7:5060',
      channelCount: 3,
      onlineChannelCount: 2,
      catalog: { received: 3, expected: 3, complete: true },
    });
    expect(details.info.DeviceName).toBe('NVR-1');
    expect(details.expiresAt).toBe(T0 + 3600_000);
    expect(h.server.stats()).toMatchObject({ devicesOnline: 1, devicesTotal: 1, devicesCatalogued: 1 });
  });

  it('the authenticated retry reusing the challenged REGISTER branch still gets its 200 (docs/protocol.md §13)', async () => {
    const { h, net } = await world();
    const raw = net.transport('UDP', { address: '10.0.0.9', port: 5060 });
    const reg = (cseq: number, auth = '') =>
      `REGISTER sip:34020000002000000001@3402000000 SIP/2.0
Via: SIP/2.0/UDP 10.0.0.9:5060;rport;branch=z9hG4bK-reused-1
From: <sip:${CAM}@3402000000>;tag=abc
To: <sip:${CAM}@3402000000>
Call-ID: same-branch@10.0.0.9
CSeq: ${cseq} REGISTER
Contact: <sip:${CAM}@10.0.0.9:5060>
Max-Forwards: 70
Expires: 3600
${auth}Content-Length: 0

`;
    const challenge = await rawRequest(raw, SERVER_ADDR, reg(1));
    expect(challenge.status).toBe(401);
    const { answerChallenge } = await import('../digest');
    const auth = answerChallenge(getHeader(challenge, 'WWW-Authenticate')!, { username: CAM, password: '12345678', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    const ok = await rawRequest(raw, SERVER_ADDR, reg(2, `Authorization: ${auth}\n`));
    expect(ok.status).toBe(200);
    expect(h.server.devices.isOnline(CAM)).toBe(true);
  });

  it('a wrong password is refused with 403, recorded and emitted with the count', async () => {
    const { h, device } = await world();
    const cam = device(CAM, { password: 'bad' });
    const failed = h.next('registration.failed');
    expect((await cam.register()).status).toBe(403);
    const f = await failed;
    expect(f.message).toBe('device 34020000001320000001 at 10.0.0.7:5060 sent a wrong password (1st time); set the same password on the device and in the console');
    await cam.register();
    const failures = registrationProblems(h.server.failures, h.server.lockout);
    expect(failures).toMatchObject([{ deviceId: CAM, reason: 'wrong-password', count: 2 }]);
    expect(failures[0].message).toContain('(2nd time)');
    expect(h.server.failures.clear(CAM)).toBe(true);
    expect(registrationProblems(h.server.failures, h.server.lockout)).toEqual([]);
  });

  it('a REGISTER to another server ID is accepted and flagged on the device', async () => {
    const { h, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM, { serverId: '44010200492000000001', domain: '4401020049' });
    expect((await cam.register()).status).toBe(200);
    const s = h.server.devices.get(CAM)!;
    expect(s.targetMismatch).toBe('registered to server ID 44010200492000000001 and domain 4401020049, but this server is 34020000002000000001 in domain 3402000000');
    expect(s.lastError).toContain('accepted (turn on the strict server ID check');
    const mismatch = { code: 'reg.target.both', params: { serverId: '44010200492000000001', domain: '4401020049', ourId: '34020000002000000001', ourDomain: '3402000000' } };
    expect(s.targetMismatchText).toMatchObject({ ...mismatch, text: s.targetMismatch });
    expect(s.lastErrorText).toMatchObject({ code: 'dev.targetMismatch', params: { deviceId: CAM, mismatch }, text: s.lastError });
  });

  it('Expires: 0 unregisters: the device goes offline with that reason', async () => {
    const { h, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM);
    await cam.register();
    const offline = h.next('device.offline');
    expect((await cam.register({ expires: 0 })).status).toBe(200);
    expect((await offline).reason).toBe('unregistered (REGISTER with Expires: 0 from 10.0.0.7:5060)');
    expect((await cam.keepalive()).status).toBe(403);
  });

  it('a refresh (same Call-ID) re-arms the expiry without a new registration; a new Call-ID asks the device again', async () => {
    const { h, clock, device } = await world();
    const cam = device(CAM);
    await cam.register();
    await until(() => cam.queries.filter((q) => q.cmdType === 'DeviceInfo').length === 1, 'first DeviceInfo query');
    // Well within the keepalive deadline: a device that went offline meanwhile registers anew instead.
    clock.advance(100_000);
    await cam.register();
    await settle();
    expect(h.server.devices.get(CAM)!.expiresAt).toBe(clock.now() + 3600_000);
    expect(cam.queries.filter((q) => q.cmdType === 'DeviceInfo')).toHaveLength(1);
    // Follow-ups run one step at a time per device: the unanswered BasicParam query must time out first.
    await until(() => cam.queries.some((q) => q.cmdType === 'ConfigDownload'), 'BasicParam query');
    await cam.register({ newCall: true });
    clock.advance(10_000);
    await until(() => cam.queries.filter((q) => q.cmdType === 'DeviceInfo').length === 2, 'DeviceInfo after a new registration');
  });

  it('a new Call-ID from the same address while registered writes no second registered row; one from a new address does', async () => {
    const { h, net, clock, device } = await world();
    const cam = device(CAM);
    const registeredRows = async () =>
      (await h.details(CAM)).events.filter((e) => e.message.startsWith('registered from'));
    await cam.register();
    clock.advance(10_000);
    await cam.register({ newCall: true });
    await settle();
    expect(await registeredRows()).toHaveLength(1);
    const moved = new TestDevice({ id: CAM, password: '12345678', transport: net.transport('UDP', { address: '10.0.0.9', port: 5070 }), server: SERVER_ADDR, clock });
    open.push(moved);
    await moved.register();
    await settle();
    expect((await registeredRows()).map((e) => e.message)).toEqual([expect.stringContaining('10.0.0.9:5070'), expect.stringContaining('10.0.0.7')]);
  });
});

describe('keepalive and offline detection (fake clock)', () => {
  it('a keepalive keeps no server transaction (answered statelessly, RFC 3261 §8.2.7); any other MESSAGE does', async () => {
    const { h, clock, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM);
    await cam.register();
    clock.advance(64 * 500); // the REGISTER's transaction waits out Timer J
    expect(h.server.stack.transactions.serverCount).toBe(0);
    for (let i = 0; i < 3; i++) expect((await cam.keepalive()).status).toBe(200);
    expect(h.server.stack.transactions.serverCount).toBe(0);
    expect(h.server.devices.get(CAM)!.lastSeenAt).toBe(clock.now());
    expect((await cam.message(buildDeviceInfoResponse({ sn: '7', deviceId: CAM }))).status).toBe(200);
    expect(h.server.stack.transactions.serverCount).toBe(1);
  });

  it('keepalives get 200 and keep the device online; it goes offline after 60 s x 3 without one and back online when they resume', async () => {
    const { h, clock, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM);
    await cam.register();
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      expect((await cam.keepalive()).status).toBe(200);
    }
    expect(h.server.devices.get(CAM)!.lastSeenAt).toBe(clock.now());
    const lastKeepalive = clock.now();
    clock.advance(179_999);
    expect(h.server.devices.isOnline(CAM)).toBe(true);
    const offline = h.next('device.offline');
    clock.advance(1);
    const ev = await offline;
    expect(ev.reason).toBe('no keepalive for 180 s (3 missed at 60 s)');
    expect(clock.now() - lastKeepalive).toBe(180_000);
    const back = h.next('device.online');
    expect((await cam.keepalive()).status).toBe(200);
    expect((await back).online).toBe(true);
    const details = await h.details(CAM);
    expect(details.events.map((e) => e.message)).toEqual(expect.arrayContaining(['online: keepalives resumed', 'offline: no keepalive for 180 s (3 missed at 60 s)']));
  });

  it('uses the keepalive interval and count from the device BasicParam', async () => {
    const { h, clock, device } = await world({ tuning: { queries: { catalogIdleMs: 1000 } } });
    const cam = device(CAM, { basicParam: { heartBeatInterval: 20, heartBeatCount: 2 } });
    await cam.register();
    await until(() => h.server.devices.get(CAM)?.keepaliveIntervalSec === 20, 'BasicParam applied');
    expect(h.server.devices.get(CAM)!.keepaliveCount).toBe(2);
    await cam.keepalive();
    const offline = h.next('device.offline');
    clock.advance(40_000);
    expect((await offline).reason).toBe('no keepalive for 40 s (2 missed at 20 s)');
  });

  it('goes offline when the registration expires, and a keepalive afterwards is answered 403 so it registers again', async () => {
    const { h, clock, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM);
    await cam.register({ expires: 100 });
    const offline = h.next('device.offline');
    clock.advance(60_000);
    await cam.keepalive();
    clock.advance(40_000);
    expect((await offline).reason).toBe('registration expired: not refreshed within 100 s');
    const res = await cam.keepalive();
    expect(res.status).toBe(403);
    expect(res.reason).toBe('Not registered; send REGISTER first');
    expect(h.logger.recent().at(-1)!.message).toBe(
      'device 34020000001320000001 at 10.0.0.7:5060 sent a keepalive but is not registered; answered 403 so it registers again',
    );
    expect((await cam.register()).status).toBe(200);
    expect(h.server.devices.isOnline(CAM)).toBe(true);
  });

  it('a keepalive from a device never seen gets the same 403', async () => {
    const { device } = await world();
    const res = await device('34020000001320000077').keepalive();
    expect(res.status).toBe(403);
  });

  it('a keepalive with Status ERROR is shown on the device', async () => {
    const { h, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM);
    await cam.register();
    const updated = h.next('device.updated', (s) => s.lastError !== null);
    expect((await cam.keepalive('ERROR')).status).toBe(200);
    const d = await updated;
    expect(d.lastError).toBe('keepalive reports Status ERROR');
    expect(d.lastErrorText).toEqual({ code: 'dev.keepaliveStatus', params: { status: 'ERROR' }, text: d.lastError });
  });

  it('a device that moves is updated on its next REGISTER', async () => {
    const { h, net, clock } = await world({ tuning: { autoQueries: false } });
    const cam = new TestDevice({ id: CAM, password: '12345678', transport: net.transport('UDP', { address: '10.0.0.7', port: 5060 }), server: SERVER_ADDR, clock });
    const moved = new TestDevice({ id: CAM, password: '12345678', transport: net.transport('TCP', { address: '10.0.0.9', port: 5070 }), server: { ...SERVER_ADDR, transport: 'TCP' }, clock });
    open.push(cam, moved);
    await cam.register();
    expect((await moved.register()).status).toBe(200);
    expect(h.server.devices.get(CAM)).toMatchObject({ address: '10.0.0.9:5070', transport: 'TCP', online: true });
    expect(h.logger.recent().some((e) => e.message === 'device 34020000001320000001 moved from 10.0.0.7:5060/udp to 10.0.0.9:5070/tcp (seen in its REGISTER)')).toBe(true);
  });

  it('a keepalive from a new address does not move the device (403); its REGISTER from there does', async () => {
    const { h, net, clock } = await world({ tuning: { autoQueries: false } });
    const t1 = net.transport('UDP', { address: '10.0.0.7', port: 5060 });
    const cam = new TestDevice({ id: CAM, password: '12345678', transport: t1, server: SERVER_ADDR, clock });
    open.push(cam);
    await cam.register();
    const t2 = net.transport('UDP', { address: '10.0.0.8', port: 15060 });
    const moved = new TestDevice({ id: CAM, password: '12345678', transport: t2, server: SERVER_ADDR, clock });
    open.push(moved);
    expect((await moved.keepalive()).status).toBe(403);
    expect(h.server.devices.route(CAM).dest).toEqual({ transport: 'UDP', address: '10.0.0.7', port: 5060 });
    expect((await moved.register()).status).toBe(200);
    expect(h.server.devices.route(CAM).dest).toEqual({ transport: 'UDP', address: '10.0.0.8', port: 15060 });
    expect((await moved.keepalive()).status).toBe(200);
    expect(h.logger.recent().some((e) => e.message === 'device 34020000001320000001 moved from 10.0.0.7:5060/udp to 10.0.0.8:15060/udp (seen in its REGISTER)')).toBe(true);
  });
});

describe('MANSCDP bodies', () => {
  it('malformed XML gets 400 naming the fault and a log entry with the device; nothing else is lost', async () => {
    const { h, device } = await world({ tuning: { autoQueries: false } });
    const cam = device(CAM);
    await cam.register();
    const bad = Buffer.from('<?xml version="1.0" encoding="GB2312"?>\r\n<Notify><CmdType>Keepalive</CmdType><SN>7</SN><DeviceID>' + CAM + '</DeviceID><Status>OK</Notify>');
    const res = await cam.message(bad);
    expect(res.status).toBe(400);
    expect(res.reason).toMatch(/^Bad MANSCDP body: malformed XML: .*at line 2$/);
    const line = h.logger.recent().find((e) => e.level === 'warn')!.message;
    expect(line).toMatch(/^device 34020000001320000001 at 10\.0\.0\.7:5060 sent a Keepalive MESSAGE we cannot read \(malformed XML: .+\); answered 400$/);
    expect((await cam.keepalive()).status).toBe(200);
    const details = await h.details(CAM);
    expect(details.events.some((e) => e.message.startsWith('sent a Keepalive MESSAGE we cannot read: malformed XML'))).toBe(true);
  });

  it('GB2312 and GB18030 bodies with Chinese names are decoded right, stored, and we answer in the device charset', async () => {
    const names = ['大门口', '停车场东侧', '𠀀机房'];
    for (const charset of ['gb2312', 'gb18030'] as const) {
      const { h, device } = await world();
      const items = names.map((name, i) => ({ deviceId: `3402000000132000002${i}`, name: charset === 'gb2312' && i === 2 ? '机房' : name, statusRaw: 'ON', parentIds: [], other: {} }));
      const nvr = device(NVR, { charset, catalog: items, info: { deviceName: '前门录像机' } });
      await nvr.register();
      await until(() => h.server.devices.channels(NVR).length === 3 && h.server.devices.get(NVR)?.name === '前门录像机', `${charset} catalog`);
      expect(h.server.devices.channels(NVR).map((c) => c.name)).toEqual(items.map((i) => i.name));
      expect(h.server.devices.get(NVR)!.charset).toBe('GB18030');
      // what we send next is in the device's charset
      await h.server.queries.deviceStatus(NVR);
      const last = nvr.received.at(-1)!;
      expect(last.body.toString('latin1')).toContain(`encoding="${charset === 'gb2312' ? 'GB2312' : 'GB18030'}"`);
      // stored: read back from SQLite after a flush
      h.server.devices.registry.close();
      const row = h.db.prepare('SELECT name FROM channels WHERE channel_id = ?').get(items[0].deviceId) as { name: string };
      expect(row.name).toBe(items[0].name);
    }
  });

  it('a UTF-8 body declared as GB2312 is read by its bytes', async () => {
    const { h, device } = await world({ tuning: { autoQueries: false } });
    const nvr = device(NVR, { silent: true });
    await nvr.register();
    const sn = '9';
    const body = encodeDoc(buildCatalogResponse({ sn, deviceId: NVR, sumNum: 1, items: [{ deviceId: '34020000001320000031', name: '仓库' }] }), 'utf-8');
    const lying = Buffer.from(body.toString('utf8').replace('encoding="UTF-8"', 'encoding="GB2312"'));
    expect(iconv.decode(lying, 'gb18030')).not.toContain('仓库');
    const catalog = h.server.devices.queries.catalog(NVR);
    await until(() => nvr.queries.some((q) => q.cmdType === 'Catalog'), 'catalog query');
    const q = nvr.queries.find((x) => x.cmdType === 'Catalog')!;
    await nvr.message(Buffer.from(lying.toString('utf8').replace('<SN>9</SN>', `<SN>${q.sn}</SN>`)));
    await catalog;
    expect(h.server.devices.channels(NVR)[0].name).toBe('仓库');
    expect(h.server.devices.get(NVR)!.charset).toBe('UTF-8');
  });

  it('PTZType and Status variants', async () => {
    const { h, device } = await world();
    const raw = (sn: string) => [
      Buffer.from(
        `<?xml version="1.0" encoding="GB2312"?>
<Response><CmdType>Catalog</CmdType><SN>${sn}</SN><DeviceID>${NVR}</DeviceID><SumNum>6</SumNum><DeviceList Num="6">
<Item><DeviceID>34020000001320000041</DeviceID><Name>a</Name><Status>ON</Status><Info><PTZType>1</PTZType></Info></Item>
<Item><DeviceID>34020000001320000042</DeviceID><Name>b</Name><Status>OFFLINE</Status><PTZType>03</PTZType></Item>
<Item><DeviceID>34020000001320000043</DeviceID><Name>c</Name><Status>ONLINE</Status><Info><PTZType> 2 </PTZType></Info></Item>
<Item><DeviceID>34020000001320000044</DeviceID><Name>d</Name><Status>OFF</Status><Info><PTZType>9</PTZType></Info></Item>
<Item><DeviceID>34020000001320000045</DeviceID><Name>e</Name><Status>on</Status><Info><ptztype>4</ptztype></Info></Item>
<Item><DeviceID>34020000001320000046</DeviceID><Name>f</Name></Item>
</DeviceList></Response>`,
      ),
    ];
    const nvr = device(NVR, { catalogBodies: raw });
    await nvr.register();
    await until(() => h.server.devices.channels(NVR).length === 6, 'catalog');
    const got = h.server.devices.channels(NVR).map((c) => [c.name, c.ptzType, c.status, c.online]);
    expect(got).toEqual([
      ['a', 1, 'ON', true],
      ['b', 3, 'OFFLINE', false],
      ['c', 2, 'ONLINE', true],
      ['d', null, 'OFF', false],
      ['e', 4, 'on', true],
      ['f', null, null, true],
    ]);
    expect(h.server.devices.channels(NVR)[3].raw).toMatchObject({ Info: { PTZType: '9' } });
  });
});

describe('catalog assembly through the MESSAGE path', () => {
  const many = Array.from({ length: 7 }, (_, i) => ({ deviceId: `340200000013200001${String(i).padStart(2, '0')}`, name: `cam${i}`, parentIds: [], other: {} }));
  const partsOf = (sn: string, pageSize = 2) => buildCatalogResponseParts({ sn, deviceId: NVR, items: many, pageSize }).map((d) => encodeDoc(d, 'gb2312'));

  it('parts out of order and repeated: assembled once each, complete', async () => {
    const { h, device } = await world();
    const nvr = device(NVR, {
      catalogBodies: (sn) => {
        const p = partsOf(sn);
        return [p[3], p[1], p[1], p[0], p[2], p[0]];
      },
    });
    await nvr.register();
    await until(() => h.server.devices.get(NVR)?.channelCount === 7, 'catalog');
    const d = await h.details(NVR);
    expect(d.catalog).toMatchObject({ received: 7, expected: 7, complete: true });
    expect(h.server.devices.channels(NVR).map((c) => c.name)).toEqual(many.map((m) => m.name));
  });

  it('a missing part: after the timeout the partial list is kept and flagged', async () => {
    const { h, clock, device } = await world({ tuning: { queries: { catalogIdleMs: 5000 } } });
    const nvr = device(NVR, { catalogBodies: (sn) => partsOf(sn).filter((_, i) => i !== 2) });
    await nvr.register();
    await until(() => nvr.queries.some((q) => q.cmdType === 'Catalog'), 'catalog query');
    await settle(20);
    const changed = h.next('channel.changed');
    clock.advance(5000);
    expect((await changed).channels).toHaveLength(5);
    const d = await h.details(NVR);
    expect(d.catalog).toMatchObject({ received: 5, expected: 7, complete: false });
    expect(d.events.some((e) => e.message === 'catalog incomplete: 5 of 7 items arrived before the timeout; the partial list is kept')).toBe(true);
  });

  it('a device online whose catalogue never came is asked again later, while it keeps its keepalives', async () => {
    const { h, clock, device } = await world({ tuning: { catalogRecovery: { delaysMs: [120_000], sweepMs: 30_000 } } });
    // both follow-up Catalog queries are taken (200 OK) and their answers lost, as in a storm
    let asked = 0;
    const nvr = device(NVR, { catalogBodies: (sn) => (++asked <= 2 ? [] : partsOf(sn)) });
    await nvr.register();
    for (let n = 1; n <= 2; n++) {
      await until(() => asked === n, `Catalog query ${n}`);
      await settle(20);
      clock.advance(10_000);
    }
    expect(h.server.devices.channels(NVR)).toHaveLength(0);
    // keepalives every 30 s, the clock moving in 5 s steps (a query's 10 s wait never passes in one step): the
    // follow-ups finish, and 2 minutes after the registration the Catalog is asked again
    for (let t = 0; t < 300_000 && h.server.devices.channels(NVR).length === 0; t += 5_000) {
      if (t % 30_000 === 0) expect((await nvr.keepalive()).status).toBe(200);
      await settle(20);
      clock.advance(5_000);
    }
    await until(() => h.server.devices.channels(NVR).length === 7, 'catalogue asked again');
    expect(asked).toBe(3);
    expect(h.server.stats().devicesCatalogued).toBe(1);
  });

  it('a device whose Catalog query got no 200 at all (its follow-ups end, cooling down) is asked again later once heard', async () => {
    const { h, clock, device } = await world({ tuning: { catalogRecovery: { delaysMs: [120_000], sweepMs: 30_000 } } });
    const nvr = device(NVR, { catalog: many, lostCatalogMessages: 1 });
    await nvr.register();
    await until(() => nvr.queries.some((q) => q.cmdType === 'Catalog'), 'the Catalog query');
    // the MESSAGE's retransmissions run out (64 x T1), the device's follow-ups end as unreachable
    for (let t = 0; t < 40_000; t += 1_000) {
      await settle(10);
      clock.advance(1_000);
    }
    await until(() => !h.server.followUps.isScheduled(NVR), 'the follow-ups ended');
    expect(h.server.followUps.stats().chainsUnreachable).toBe(1);
    for (let t = 40_000; t < 300_000 && h.server.devices.channels(NVR).length === 0; t += 5_000) {
      if (t % 30_000 === 0) expect((await nvr.keepalive()).status).toBe(200);
      await settle(20);
      clock.advance(5_000);
    }
    await until(() => h.server.devices.channels(NVR).length === 7, 'catalogue asked again');
    expect(nvr.queries.filter((q) => q.cmdType === 'Catalog')).toHaveLength(2);
  });

  it('a complete catalog replaces the old one: channels no longer listed are removed', async () => {
    const { h, device } = await world();
    let round = 0;
    const nvr = device(NVR, { catalogBodies: (sn) => (round++ === 0 ? partsOf(sn) : [encodeDoc(buildCatalogResponse({ sn, deviceId: NVR, sumNum: 1, items: [many[0]] }), 'gb2312')]) });
    await nvr.register();
    await until(() => h.server.devices.channels(NVR).length === 7, 'first catalog');
    await h.server.queries.catalog(NVR);
    expect(h.server.devices.channels(NVR).map((c) => c.channelId)).toEqual([many[0].deviceId]);
  });

  it('SumNum 0 with no list is an empty, complete catalog', async () => {
    const { h, device } = await world();
    const cam = device(CAM, { catalog: [] });
    await cam.register();
    await until(() => h.server.devices.registry.get(CAM)?.catalog.complete === true, 'empty catalog');
    expect(h.server.devices.channels(CAM)).toEqual([]);
  });
});

describe('catalog subscription', () => {
  it('subscribes after registration, applies NOTIFY events, and refreshes in the dialog before expiry', async () => {
    const { h, clock, device } = await world();
    const nvr = device(NVR);
    await nvr.register();
    await until(() => h.server.devices.record(NVR)?.subscriptionState === 'active', 'subscription');
    const sub = nvr.subscription!;
    expect(getHeader(sub.request, 'Event')).toMatch(/^Catalog;id=\d+$/);
    expect(getHeader(sub.request, 'Expires')).toBe('600');
    expect(sub.request.body.toString()).toContain('<CmdType>Catalog</CmdType>');

    const r = await nvr.notifyCatalog([
      { deviceId: '34020000001320000011', event: 'OFF' },
      { deviceId: '34020000001320000012', event: 'DEL' },
      { deviceId: '34020000001320000014', event: 'ADD', name: 'New door', statusRaw: 'ON', parentIds: [], other: {} },
      { deviceId: '34020000001320000013', event: 'UPDATE', name: 'Lobby 2', parentIds: [], other: {} },
    ]);
    expect(r.status).toBe(200);
    const chans = Object.fromEntries(h.server.devices.channels(NVR).map((c) => [c.channelId, c]));
    expect(Object.keys(chans).sort()).toEqual(['34020000001320000011', '34020000001320000013', '34020000001320000014']);
    expect(chans['34020000001320000011']).toMatchObject({ online: false, status: 'OFF', name: 'Gate', ptzType: 1 });
    expect(chans['34020000001320000013']).toMatchObject({ name: 'Lobby 2', status: 'ONLINE' });
    expect(chans['34020000001320000014']).toMatchObject({ name: 'New door', online: true });
    await nvr.notifyCatalog([
      { deviceId: '34020000001320000011', event: 'ON' },
      { deviceId: '34020000001320000013', event: 'VLOST' },
      { deviceId: '34020000001320000014', event: 'DEFECT' },
    ]);
    expect(h.server.devices.channels(NVR).map((c) => [c.status, c.online])).toEqual([
      ['ON', true],
      ['VLOST', false],
      ['DEFECT', false],
    ]);

    const before = nvr.received.filter((q) => q.method === 'SUBSCRIBE').length;
    for (let i = 0; i < 8; i++) {
      clock.advance(60_000);
      await nvr.keepalive();
    }
    await until(() => nvr.received.filter((q) => q.method === 'SUBSCRIBE').length === before + 1, 'refresh');
    const refresh = nvr.received.filter((q) => q.method === 'SUBSCRIBE').at(-1)!;
    expect(getHeader(refresh, 'Call-ID')).toBe(getHeader(sub.request, 'Call-ID'));
    expect(getHeader(refresh, 'To')).toContain(`tag=${sub.toTag}`);
    expect(Number(getHeader(refresh, 'CSeq')!.split(' ')[0])).toBe(Number(getHeader(sub.request, 'CSeq')!.split(' ')[0]) + 1);
  });

  it('every change to a channel list (catalog, NOTIFY, the installer\'s name) moves channelsChangedAt in a device event', async () => {
    const { h, device } = await world();
    const nvr = device(NVR);
    await nvr.register();
    await until(() => h.server.devices.record(NVR)?.subscriptionState === 'active', 'subscription');
    await nvr.notifyCatalog([{ deviceId: '34020000001320000011', event: 'OFF' }]);
    h.server.devices.registry.renameChannel(NVR, '34020000001320000011', '东门');
    // Each channel.changed comes after a device event that carries a new time, later than the one before.
    const stamps: number[] = [];
    let announced = false;
    let lists = 0;
    for (const e of h.seen) {
      if (e.name === 'channel.changed') {
        expect(announced, `channel.changed #${lists + 1} without a new channelsChangedAt before it`).toBe(true);
        announced = false;
        lists++;
      } else if (e.name.startsWith('device.') && (e.payload as DeviceSummary).deviceId === NVR) {
        const at = (e.payload as DeviceSummary).channelsChangedAt;
        if (at === undefined || at === stamps.at(-1)) continue;
        stamps.push(at);
        announced = true;
      }
    }
    expect(lists).toBe(3);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(h.server.devices.get(NVR)?.channelsChangedAt).toBe(stamps.at(-1));
  });

  it('registered anew, the device is subscribed afresh and the subscription replaced is ended at the device', async () => {
    const { h, clock, device } = await world();
    const nvr = device(NVR);
    await nvr.register();
    await until(() => h.server.devices.record(NVR)?.subscriptionState === 'active', 'subscription');
    const first = nvr.subscription!;
    await nvr.register({ newCall: true });
    clock.advance(10_000);
    const subscribes = () => nvr.received.filter((q) => q.method === 'SUBSCRIBE');
    await until(() => subscribes().some((q) => getHeader(q, 'Call-ID') !== getHeader(first.request, 'Call-ID')), 'a new subscription');
    await until(() => subscribes().some((q) => getHeader(q, 'Call-ID') === getHeader(first.request, 'Call-ID') && getHeader(q, 'Expires') === '0'), 'the first one ended');
    const end = subscribes().find((q) => getHeader(q, 'Expires') === '0')!;
    expect(getHeader(end, 'To')).toContain(`tag=${first.toTag}`);
    expect(h.server.devices.record(NVR)?.subscriptionState).toBe('active');
  });

  it('a device that refuses SUBSCRIBE is noted and not asked again', async () => {
    const { h, clock, device } = await world();
    const cam = device(CAM, { subscribeStatus: 489 });
    await cam.register();
    await until(() => h.server.devices.record(CAM)?.subscriptionState === 'refused', 'refusal noted');
    await until(() => cam.queries.some((q) => q.cmdType === 'ConfigDownload'), 'BasicParam query');
    expect(h.server.devices.record(CAM)!.subscriptionNote).toBe(
      'device answered 489 Bad Event to the Catalog SUBSCRIBE; not subscribing again (channel changes show at the next catalog query)',
    );
    await cam.register({ newCall: true });
    clock.advance(10_000);
    await until(() => cam.queries.filter((q) => q.cmdType === 'DeviceInfo').length === 2, 'second round of queries');
    await settle(20);
    expect(cam.received.filter((q) => q.method === 'SUBSCRIBE')).toHaveLength(1);
  });
});

describe('restart', () => {
  it('devices and channels survive a close and reopen; a device whose registration stands is online until its keepalive deadline', async () => {
    const clock = new FakeClock(T0);
    const first = await world({ clock });
    const nvr = first.device(NVR);
    await nvr.register();
    await until(() => first.h.server.devices.channels(NVR).length === 3, 'catalog');
    const gone = first.device(CAM);
    await gone.register({ expires: 60 });
    await first.h.close();

    clock.advance(30_000);
    const again = await world({ clock, dir: first.h.dir });
    const list = again.h.server.devices.list();
    expect(list.map((d) => [d.deviceId, d.online])).toEqual([
      [NVR, true],
      [CAM, true],
    ]);
    expect(again.h.server.devices.channels(NVR).map((c) => c.name)).toEqual(['Gate', 'Yard', 'Lobby']);
    expect(again.h.server.devices.get(NVR)!.manufacturer).toBe('Hikvision');
    const offline = again.h.next('device.offline', (d) => d.deviceId === CAM);
    clock.advance(30_000);
    expect((await offline).reason).toBe('registration expired: not refreshed within 60 s');
    const nvrOffline = again.h.next('device.offline', (d) => d.deviceId === NVR);
    clock.advance(150_000);
    expect((await nvrOffline).reason).toBe('no keepalive for 180 s (3 missed at 60 s)');
  });

  it('a registration that expired while the server was stopped is offline at start', async () => {
    const clock = new FakeClock(T0);
    const first = await world({ clock, tuning: { autoQueries: false } });
    await first.device(CAM).register({ expires: 60 });
    await first.h.close();
    clock.advance(120_000);
    const again = await world({ clock, dir: first.h.dir });
    expect(again.h.server.devices.get(CAM)!.online).toBe(false);
    expect((await again.h.details(CAM)).events[0].message).toBe(
      'offline: its registration expired while the server was stopped',
    );
  });
});
