// A device's address moves only on an authenticated REGISTER. Requests naming a registered device from another
// source (port, address, transport) are refused with 403, logged with the source and noted on the device; the
// device's own requests keep working, including a large one it sends over TCP from its own IP (RFC 3261 §18.1.1).
import { afterEach, describe, expect, it } from 'vitest';
import type { SipResponse } from '../../sip/message/types';
import type { TcpTransport } from '../../sip/transport/tcp';
import { UdpTransport } from '../../sip/transport/udp';
import type { Transport } from '../../sip/transport/transport';
import { rawRequest } from '../server/testing/test-device';
import { simWorld, SIM_ID, type SimWorld } from './testing/sim-world';

let w: SimWorld | undefined;
let forger: Transport | undefined;
afterEach(async () => {
  await forger?.close();
  await w?.close();
  w = forger = undefined;
});

let seq = 1;
function forged(world: SimWorld, method: 'MESSAGE' | 'NOTIFY', body: string, extra = ''): Promise<SipResponse> {
  const f = forger!;
  const n = seq++;
  const text = [
    `${method} sip:${world.h.settings.values.sipId}@127.0.0.1:${world.port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${f.local.port};rport;branch=z9hG4bKforged${n}${Date.now()}`,
    `From: <sip:${SIM_ID}@3402000000>;tag=f${n}`,
    `To: <sip:${world.h.settings.values.sipId}@3402000000>`,
    `Call-ID: forged-${n}-${Date.now()}@127.0.0.1`,
    `CSeq: ${n} ${method}`,
    'Max-Forwards: 70',
    ...(extra ? [extra] : []),
    'Content-Type: Application/MANSCDP+xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
  return rawRequest(f, { transport: 'UDP', address: '127.0.0.1', port: world.port }, text);
}

const keepalive = (sn: number) =>
  `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${SIM_ID}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n`;

const catalogNotify = (channelId: string, event: string) =>
  `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Catalog</CmdType>\r\n<SN>77</SN>\r\n<DeviceID>${SIM_ID}</DeviceID>\r\n<SumNum>1</SumNum>\r\n<DeviceList Num="1">\r\n<Item>\r\n<DeviceID>${channelId}</DeviceID>\r\n<Event>${event}</Event>\r\n</Item>\r\n</DeviceList>\r\n</Notify>\r\n`;

async function registered(device: Parameters<typeof simWorld>[0] = {}) {
  w = await simWorld(device);
  forger = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
  const world = w;
  await world.runUntil(() => world.h.server.devices.channels(SIM_ID).length > 0, 'the catalog', 60_000);
  return world;
}

describe('a device moves only on an authenticated REGISTER', () => {
  it('a spoofed keepalive from another port gets 403, changes nothing, is logged with the source and noted on the device', async () => {
    const world = await registered();
    const { h } = world;
    const before = h.server.devices.get(SIM_ID)!;
    const route = h.server.devices.route(SIM_ID).dest;
    const res = await forged(world, 'MESSAGE', keepalive(9001));
    expect(res.status).toBe(403);
    expect(res.reason).toBe('Not the address this device registered from');
    const after = h.server.devices.get(SIM_ID)!;
    expect(after.address).toBe(before.address);
    expect(after.transport).toBe('UDP');
    expect(after.lastSeenAt).toBe(before.lastSeenAt);
    expect(h.server.devices.route(SIM_ID).dest).toEqual(route);
    const source = `127.0.0.1:${forger!.local.port}/udp`;
    expect(h.logger.recent().map((e) => e.message)).toContain(
      `device ${SIM_ID}: a keepalive naming this device came from ${source}, not from its registered address ${before.address}/udp; refused with 403. ` +
        'If the device moved, it is accepted from the new address once it registers from there',
    );
    const details = await h.details(SIM_ID);
    expect(details.otherSources).toEqual([expect.objectContaining({ source, what: 'a keepalive', count: 1 })]);
    expect(details.events.find((e) => e.text?.code === 'dev.refusedSource')?.text).toMatchObject({ params: { what: { code: 'dev.what.keepalive' }, source } });
    // The device's own keepalive, from its registered address, is still taken.
    expect(await world.device.sendKeepalive()).toBe(true);
  });

  it('a spoofed Catalog NOTIFY from another port gets 403 and removes no channel', async () => {
    const world = await registered();
    const { h } = world;
    const channel = world.device.channelIds[0];
    const count = h.server.devices.channels(SIM_ID).length;
    const res = await forged(world, 'NOTIFY', catalogNotify(channel, 'DEL'), 'Event: Catalog\r\nSubscription-State: active;expires=600');
    expect(res.status).toBe(403);
    expect(h.server.devices.channels(SIM_ID)).toHaveLength(count);
    expect(h.server.devices.channel(SIM_ID, channel)).toBeDefined();
  });

  it('forged keepalives do not keep a dead device online', async () => {
    const world = await registered();
    const { h, device, run } = world;
    device.outage(3600_000);
    for (let i = 0; i < 4; i++) {
      await run(60_000, 5000);
      expect((await forged(world, 'MESSAGE', keepalive(9100 + i))).status).toBe(403);
    }
    expect(h.server.devices.isOnline(SIM_ID)).toBe(false);
    const details = await h.details(SIM_ID);
    expect(details.otherSources[0]).toMatchObject({ what: 'a keepalive', count: 4 });
  });

  it('a large MESSAGE the UDP device sends over TCP from its own IP is taken, and its UDP address does not move', async () => {
    const world = await registered({ device: { channels: 12, field: { largeOverTcp: true, catalogOneMessage: true } } });
    const { h, device } = world;
    // 12 channels + a business group + 2 virtual organisations, in one MESSAGE of about 9 KB over TCP
    await world.runUntil(() => h.server.devices.channels(SIM_ID).length === 15, 'the catalog over TCP', 60_000);
    const summary = h.server.devices.get(SIM_ID)!;
    expect(summary.transport).toBe('UDP');
    expect(summary.address).toBe(`127.0.0.1:${device.link.local().port}`);
    expect(h.server.devices.route(SIM_ID).dest).toMatchObject({ transport: 'UDP', port: device.link.local().port });
    const tcp = h.server.stack.transport.all.find((t) => t.name === 'TCP') as TcpTransport;
    expect(tcp.flows().map((f) => f.peer.address)).toEqual(['127.0.0.1']);
    expect(h.logger.recent().some((e) => /refused with 403/.test(e.message))).toBe(false);
    expect(await device.sendKeepalive()).toBe(true);
  });
});
