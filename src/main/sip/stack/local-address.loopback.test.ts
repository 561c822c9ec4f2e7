// Via and Contact per destination when the stack listens on every interface (0.0.0.0), on real sockets.
import dgram from 'node:dgram';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { getHeader, getTopVia } from '../message';
import type { SipAddress, SipRequest } from '../message/types';
import { listenUdpAndTcp } from '../transport/listen';
import { parseOrThrow, tcpConnect, until } from '../transport/testing/peers';
import { RouteCache } from './local-address';
import { SipStack } from './stack';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const SIP_ID = '34020000002000000001';

/** A non-loopback IPv4 address of this machine, if it has one. */
const lanAddress = Object.values(os.networkInterfaces())
  .flatMap((l) => l ?? [])
  .find((i) => i.family === 'IPv4' && !i.internal)?.address;

async function setup() {
  const { udp, tcp } = await listenUdpAndTcp({ address: '0.0.0.0', port: 0 });
  const stack = new SipStack({ transports: [udp, tcp], contactUser: SIP_ID });
  cleanups.push(() => stack.close());
  return { stack, port: udp.local.port };
}

function subscribe(stack: SipStack, dest: SipAddress): SipRequest {
  return stack.createRequest({
    method: 'SUBSCRIBE',
    uri: `sip:34020000001320000001@${dest.address}:${dest.port}`,
    from: `sip:${SIP_ID}@3402000000`,
    to: 'sip:34020000001320000001@3402000000',
    headers: [{ name: 'Event', value: 'Catalog' }, { name: 'Expires', value: '3600' }],
  });
}

/** A UDP device bound to `address` that records what it receives. */
async function udpDevice(address: string) {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, address, () => r()));
  const got: Buffer[] = [];
  sock.on('message', (raw) => got.push(raw));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  return { dest: { transport: 'UDP' as const, address, port: sock.address().port }, got };
}

describe('Via and Contact per destination', () => {
  it('over TCP names the address each connection reached us on, with ;transport=tcp in Contact', async () => {
    const { stack, port } = await setup();
    const seen: Record<string, { via?: string; contact?: string }> = {};
    for (const local of ['127.0.0.1', '127.0.0.2']) {
      const dev = await tcpConnect(port, local);
      cleanups.push(() => dev.close());
      const dest = { transport: 'TCP' as const, address: '127.0.0.1', port: dev.socket.localPort! };
      await until('the connection to be adopted', () => stack.flowFor(dest));
      expect(stack.localAddressFor(dest)).toBe(local);
      void stack.request(subscribe(stack, dest), dest, { noNewConnection: true }).catch(() => {});
      const req = await until('the SUBSCRIBE at the device', () => dev.messages[0]);
      const via = getTopVia(req)!;
      seen[local] = { via: `${via.host}:${via.port}`, contact: getHeader(req, 'Contact') };
    }
    expect(seen).toEqual({
      '127.0.0.1': { via: `127.0.0.1:${port}`, contact: `<sip:${SIP_ID}@127.0.0.1:${port};transport=tcp>` },
      '127.0.0.2': { via: `127.0.0.2:${port}`, contact: `<sip:${SIP_ID}@127.0.0.2:${port};transport=tcp>` },
    });
  });

  it.skipIf(!lanAddress)('over UDP names the local address that routes to each device, not the first LAN address', async () => {
    const { stack, port } = await setup();
    for (const address of ['127.0.0.1', lanAddress!]) {
      const dev = await udpDevice(address);
      void stack.request(subscribe(stack, dev.dest), dev.dest).catch(() => {});
      const req = parseOrThrow(await until('the SUBSCRIBE at the device', () => dev.got[0]));
      expect(getTopVia(req)?.host).toBe(address);
      expect(getHeader(req, 'Contact')).toBe(`<sip:${SIP_ID}@${address}:${port}>`);
      expect(stack.localAddressFor(dev.dest)).toBe(address);
    }
  });
});

describe('routes while a request waits for them', () => {
  it('a CANCEL asked for while the INVITE waits for its route lookup goes out after the first provisional', async () => {
    const { stack } = await setup();
    const dev = await udpDevice('127.0.0.1');
    const invite = stack.createRequest({ method: 'INVITE', uri: `sip:34020000001320000001@127.0.0.1:${dev.dest.port}`, from: `sip:${SIP_ID}@3402000000`, to: 'sip:34020000001320000001@3402000000' });
    const pending = stack.invite(invite, dev.dest).catch((e: unknown) => e);
    expect(stack.cancel(invite)).toBe(true);
    const req = parseOrThrow(await until('the INVITE at the device', () => dev.got[0]));
    const sock = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
    const vias = req.headers.filter((h) => h.name === 'Via').map((h) => `Via: ${h.value}\r\n`).join('');
    const ringing =
      `SIP/2.0 180 Ringing\r\n${vias}From: ${getHeader(req, 'From')}\r\nTo: ${getHeader(req, 'To')};tag=d\r\n` +
      `Call-ID: ${getHeader(req, 'Call-ID')}\r\nCSeq: ${getHeader(req, 'CSeq')}\r\nContent-Length: 0\r\n\r\n`;
    sock.send(ringing, getTopVia(req)!.port!, '127.0.0.1');
    const cancel = parseOrThrow(await until('the CANCEL at the device', () => dev.got.find((g) => g.toString().startsWith('CANCEL'))));
    expect(getTopVia(cancel)?.params.branch).toBe(getTopVia(req)?.params.branch);
    void pending;
  });

  it('remembers at most maxEntries peers and looks a stale answer up again', async () => {
    let now = 0;
    const asked: string[] = [];
    const cache = new RouteCache({ now: () => now, maxEntries: 2, refreshMs: 1000, lookup: async (ip) => (asked.push(ip), `local-for-${ip}`) });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await cache.resolve(ip);
    expect(cache.get('10.0.0.1')).toBeUndefined();
    expect(cache.get('10.0.0.3')).toBe('local-for-10.0.0.3');
    now = 2000;
    expect(cache.get('10.0.0.3')).toBe('local-for-10.0.0.3');
    await until('the refresh', () => asked.length === 4);
    expect(asked).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.3']);
  });
});
