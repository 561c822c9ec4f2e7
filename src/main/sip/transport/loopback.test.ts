import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { getCSeq, getHeader, getTopVia } from '../message';
import type { SipMessage, SipRequest } from '../message/types';
import { SipStack } from '../stack/stack';
import { SipTransactionError } from '../stack/errors';
import type { TransportEvent } from './transport';
import { listenUdpAndTcp } from './listen';
import { TcpTransport } from './tcp';
import { UdpTransport } from './udp';
import { parseOrThrow, sipRequest, tcpConnect, tcpListener, udpPeer, until } from './testing/peers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function stackOnLoopback(opts: { idleTimeoutMs?: number } = {}) {
  const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1', port: 0, idleTimeoutMs: opts.idleTimeoutMs });
  const stack = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' } });
  const events: TransportEvent[] = [];
  stack.onEvent((e) => {
    if (e.type !== 'ack-missing' && e.type !== 'handler-error') events.push(e);
  });
  cleanups.push(() => stack.close());
  return { stack, udp, tcp, port: udp.local.port, events };
}

function message(stack: SipStack, port: number): SipRequest {
  return stack.createRequest({
    method: 'MESSAGE',
    uri: `sip:34020000001320000001@127.0.0.1:${port}`,
    from: 'sip:34020000002000000001@3402000000',
    to: 'sip:34020000001320000001@3402000000',
    body: Buffer.from('<?xml version="1.0"?><Query><CmdType>Catalog</CmdType><SN>1</SN></Query>'),
    contentType: 'Application/MANSCDP+xml',
  });
}

function okFor(raw: Buffer | SipMessage): string {
  const req = Buffer.isBuffer(raw) ? parseOrThrow(raw) : raw;
  if (req.kind !== 'request') throw new Error('expected a request');
  const via = req.headers.filter((h) => h.name === 'Via').map((h) => `Via: ${h.value}\r\n`).join('');
  return (
    `SIP/2.0 200 OK\r\n${via}From: ${getHeader(req, 'From')}\r\nTo: ${getHeader(req, 'To')};tag=devtag\r\n` +
    `Call-ID: ${getHeader(req, 'Call-ID')}\r\nCSeq: ${getHeader(req, 'CSeq')}\r\nContent-Length: 0\r\n\r\n`
  );
}

describe('UDP over loopback', () => {
  it('retransmits on Timer E when the peer ignores the first two copies, then takes the 200', async () => {
    const { stack } = await stackOnLoopback();
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    peer.onDatagram = (raw, i) => (i < 2 ? undefined : okFor(raw));
    const req = message(stack, peer.port);
    const res = await stack.request(req, { transport: 'UDP', address: '127.0.0.1', port: peer.port });
    expect(res.status).toBe(200);
    expect(peer.received).toHaveLength(3);
    const branches = peer.received.map((r) => getTopVia(parseOrThrow(r.raw))?.params.branch);
    expect(new Set(branches).size).toBe(1);
    expect(branches[0]).toBe(getTopVia(req)?.params.branch);
  });

  it('answers a malformed request with 400 naming the fault and keeps serving the next good one', async () => {
    const { stack, port } = await stackOnLoopback();
    let handled = 0;
    stack.onRequest((_req, ctx) => {
      handled++;
      ctx.respond(200);
    });
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const bad = sipRequest('MESSAGE', { branch: 'z9hG4bKbad1' }).replace('CSeq: 1 MESSAGE', 'CSeq: 1 REGISTER');
    await peer.send(bad, port);
    await until('the 400', () => peer.received[0]);
    const text = peer.received[0].raw.toString();
    expect(text).toMatch(/^SIP\/2\.0 400 /);
    expect(text.split('\r\n')[0]).toMatch(/CSeq/i);
    expect(text).toMatch(/\r\nWarning: 399 [^\r]*CSeq/i);
    await peer.send('\x16\x03\x01 definitely not SIP', port);
    await peer.send(sipRequest('MESSAGE', { branch: 'z9hG4bKgood1' }), port);
    await until('the 200', () => peer.received[1]);
    const ok = parseOrThrow(peer.received[1].raw);
    expect(ok.kind === 'response' && ok.status).toBe(200);
    expect(getTopVia(ok)?.params.branch).toBe('z9hG4bKgood1');
    expect(handled).toBe(1);
    expect(stack.stats).toMatchObject({ rejected: 1, dropped: 1 });
  });

  it('sends responses to the source address and port (rport), not the Via sent-by', async () => {
    const { stack, port } = await stackOnLoopback();
    stack.onRequest((_req, ctx) => void ctx.respond(200));
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    await peer.send(sipRequest('OPTIONS', { branch: 'z9hG4bKnat1', via: 'UDP 192.0.2.10:5070' }), port);
    await until('the 200', () => peer.received[0]);
    const via = getTopVia(parseOrThrow(peer.received[0].raw));
    expect(via?.params).toMatchObject({ received: '127.0.0.1', rport: String(peer.port) });
  });
});

describe('TCP over loopback', () => {
  it('frames a request sent one byte at a time, and ten requests sent in one write', async () => {
    const { stack, port } = await stackOnLoopback();
    const seen: number[] = [];
    stack.onRequest((req, ctx) => {
      seen.push(getCSeq(req)!.seq);
      ctx.respond(200);
    });
    const dev = await tcpConnect(port);
    cleanups.push(() => dev.close());
    const one = Buffer.from(sipRequest('MESSAGE', { branch: 'z9hG4bKbyte', via: 'TCP 127.0.0.1:5999', body: '<Notify/>' }));
    for (const byte of one) await dev.write(Buffer.from([byte]));
    await until('the answer to the byte-wise request', () => dev.messages[0]);
    const ten = Array.from({ length: 10 }, (_, i) =>
      sipRequest('MESSAGE', { branch: `z9hG4bKten${i}`, cseq: i + 2, via: 'TCP 127.0.0.1:5999', body: `<Notify>${i}</Notify>` }),
    ).join('');
    await dev.write(ten);
    await until('eleven answers', () => dev.messages.length === 11);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(dev.messages.map((m) => (m.kind === 'response' ? m.status : 0))).toEqual(Array(11).fill(200));
  });

  it('sends requests to a device over the connection it registered on (GB/T 28181-2022 NAT rule)', async () => {
    const { stack, port } = await stackOnLoopback();
    stack.onRequest((_req, ctx) => void ctx.respond(200));
    const dev = await tcpConnect(port);
    cleanups.push(() => dev.close());
    await dev.write(sipRequest('REGISTER', { branch: 'z9hG4bKreg', via: 'TCP 127.0.0.1:5999' }));
    await until('the 200 to REGISTER', () => dev.messages[0]);
    const source = { transport: 'TCP' as const, address: '127.0.0.1', port: dev.socket.localPort! };
    expect(stack.flowFor(source)?.direction).toBe('inbound');
    const pending = stack.request(message(stack, 5999), source, { noNewConnection: true });
    const req = await until('our MESSAGE on the device connection', () => dev.messages.find((m) => m.kind === 'request'));
    expect(req.kind === 'request' && req.method).toBe('MESSAGE');
    await dev.write(okFor(req));
    expect((await pending).status).toBe(200);
  });

  it('fails an in-flight request with a readable reason when the device drops the connection', async () => {
    const { stack, events } = await stackOnLoopback();
    const device = await tcpListener();
    cleanups.push(() => device.close());
    const dest = { transport: 'TCP' as const, address: '127.0.0.1', port: device.port };
    const pending = stack.request(message(stack, device.port), dest).catch((e: unknown) => e);
    await until('the MESSAGE at the device', () => device.peers[0]?.messages[0]);
    device.peers[0].close();
    const err = (await pending) as SipTransactionError;
    expect(err).toBeInstanceOf(SipTransactionError);
    expect(err.status).toBe(503);
    expect(err.message).toBe(
      `MESSAGE to 127.0.0.1:${device.port}/tcp failed: TCP connection to 127.0.0.1:${device.port} closed by the peer before MESSAGE was answered`,
    );
    expect(events.some((e) => e.type === 'connection-closed' && e.text === `TCP connection to 127.0.0.1:${device.port} closed by the peer`)).toBe(true);
  });

  it('refuses to open a new connection when pinned to a flow that is gone', async () => {
    const { stack } = await stackOnLoopback();
    const err = (await stack
      .request(message(stack, 1), { transport: 'TCP', address: '127.0.0.1', port: 1 }, { noNewConnection: true })
      .catch((e: unknown) => e)) as SipTransactionError;
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/no open TCP connection from 127\.0\.0\.1:1/);
  });

  it('reports a refused outbound connection as a 503 with the reason', async () => {
    const { stack } = await stackOnLoopback();
    const closed = await tcpListener();
    const port = closed.port;
    await closed.close();
    const err = (await stack.request(message(stack, port), { transport: 'TCP', address: '127.0.0.1', port }).catch((e: unknown) => e)) as SipTransactionError;
    expect(err.status).toBe(503);
    expect(err.message).toMatch(new RegExp(`cannot open a TCP connection to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('closes a connection that sends unframeable data, and says why', async () => {
    const { events, port } = await stackOnLoopback();
    const dev = await tcpConnect(port);
    cleanups.push(() => dev.close());
    const devPort = dev.socket.localPort;
    await dev.write('MESSAGE sip:x@127.0.0.1 SIP/2.0\r\nContent-Length: lots\r\n\r\n');
    await until('the connection to close', () => dev.closed);
    const ev = await until('the close event', () => events.find((e) => e.type === 'connection-closed'));
    expect(ev.text).toMatch(new RegExp(`^TCP connection from 127\\.0\\.0\\.1:${devPort} closed: unreadable data \\(Content-Length`));
  });

  it('closes idle connections after the configured time', async () => {
    const { events, port } = await stackOnLoopback({ idleTimeoutMs: 150 });
    const dev = await tcpConnect(port);
    cleanups.push(() => dev.close());
    const devPort = dev.socket.localPort;
    await until('the idle close', () => dev.closed, 5_000);
    const ev = await until('the close event', () => events.find((e) => e.type === 'connection-closed'));
    expect(ev.type === 'connection-closed' && ev.reason).toBe('idle');
    expect(ev.text).toBe(`TCP connection from 127.0.0.1:${devPort} closed after 150 ms without traffic`);
  });
});

describe('transport listeners', () => {
  it('UDP and TCP share one port', async () => {
    const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1' });
    cleanups.push(() => udp.close(), () => tcp.close());
    expect(udp.local.port).toBe(tcp.local.port);
    expect(udp).toBeInstanceOf(UdpTransport);
    expect(tcp).toBeInstanceOf(TcpTransport);
  });

  it('reports a busy port with the port and address in the message', async () => {
    const first = await UdpTransport.listen({ address: '127.0.0.1' });
    cleanups.push(() => first.close());
    await expect(UdpTransport.listen({ address: '127.0.0.1', port: first.local.port })).rejects.toThrow(
      new RegExp(`cannot open UDP port ${first.local.port} on 127\\.0\\.0\\.1`),
    );
  });

  it('keeps the errno code of a bind failure on UDP and TCP', async () => {
    const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1' });
    cleanups.push(() => udp.close(), () => tcp.close());
    const onUdp = await UdpTransport.listen({ address: '127.0.0.1', port: udp.local.port }).catch((e: NodeJS.ErrnoException) => e);
    const onTcp = await TcpTransport.listen({ address: '127.0.0.1', port: tcp.local.port }).catch((e: NodeJS.ErrnoException) => e);
    for (const err of [onUdp, onTcp]) {
      expect(err).toBeInstanceOf(Error);
      expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
      expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    }
  });

  it('asks for a bigger UDP receive buffer and still listens when the kernel grants less', async () => {
    const small = dgram.createSocket('udp4');
    await new Promise<void>((r) => small.bind(0, '127.0.0.1', () => r()));
    const usual = small.getRecvBufferSize();
    small.close();
    const t = await UdpTransport.listen({ address: '127.0.0.1', recvBufferBytes: 64 * 1024 * 1024 });
    cleanups.push(() => t.close());
    const granted = (t as unknown as { socket: dgram.Socket }).socket.getRecvBufferSize();
    expect(granted).toBeGreaterThan(usual);
  });
});

const hasIpv6 = await UdpTransport.listen({ address: '::1' }).then(
  (t) => t.close().then(() => true),
  () => false,
);

describe.skipIf(!hasIpv6)('IPv6 loopback', () => {
  for (const transport of ['UDP', 'TCP'] as const) {
    it(`two stacks on ::1 exchange OPTIONS over ${transport}`, async () => {
      const a = await listenUdpAndTcp({ address: '::1' });
      const b = await listenUdpAndTcp({ address: '::1' });
      const sa = new SipStack({ transports: [a.udp, a.tcp] });
      const sb = new SipStack({ transports: [b.udp, b.tcp] });
      cleanups.push(() => sa.close(), () => sb.close());
      let source = '';
      sb.onRequest((_req, ctx) => {
        source = `${ctx.source.address}/${ctx.source.transport}`;
        ctx.respond(200);
      });
      const req = sa.createRequest({ method: 'OPTIONS', uri: `sip:x@[::1]:${b.udp.local.port}`, from: 'sip:a@[::1]', to: 'sip:x@[::1]' });
      const res = await sa.request(req, { transport, address: '::1', port: b.udp.local.port });
      expect(res.status).toBe(200);
      expect(source).toBe(`::1/${transport}`);
      expect(getHeader(req, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/${transport} \\[::1\\]:${a.udp.local.port};`));
    });
  }
});
