// A TCP connection flood against the real SIP listener on loopback: capped per source and in total, while
// another source still connects and is served; accepted connections run TCP keepalive.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SipStack } from '../stack/stack';
import { listenUdpAndTcp } from './listen';
import { sipRequest, until, type TcpPeer } from './testing/peers';
import type { TransportEvent } from './transport';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(opts: { maxConnections?: number; maxConnectionsPerIp?: number }) {
  const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1', port: 0, ...opts });
  const stack = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' } });
  stack.onRequest((_req, ctx) => void ctx.respond(200));
  const events: TransportEvent[] = [];
  stack.onEvent((e) => {
    if (e.type !== 'ack-missing' && e.type !== 'handler-error') events.push(e);
  });
  cleanups.push(() => stack.close());
  return { tcp, port: tcp.local.port, events };
}

interface Client extends TcpPeer {
  answered(): boolean;
}

/** A client from `from` (any 127.x address) that records whether the server closed it and whether it got an answer. */
function connectFrom(port: number, from: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: from }, () => {
      let data = '';
      const c: Client = {
        socket,
        messages: [],
        closed: false,
        write: (raw) => new Promise((res, rej) => socket.write(raw, (e) => (e ? rej(e) : res()))),
        close: () => socket.destroy(),
        answered: () => data.startsWith('SIP/2.0 200'),
      };
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => (c.closed = true));
      socket.on('error', () => {});
      cleanups.push(() => c.close());
      resolve(c);
    });
    socket.once('error', reject);
  });
}

const options = (n: number) => sipRequest('OPTIONS', { branch: `z9hG4bKflood${n}`, via: 'TCP 127.0.0.1:5999', callId: `flood${n}` });

describe('TCP connection caps', () => {
  it('caps connections from one source while another source still connects and is served', async () => {
    const { tcp, port, events } = await setup({ maxConnectionsPerIp: 4 });
    const flood: Client[] = [];
    for (let i = 0; i < 10; i++) flood.push(await connectFrom(port, '127.0.0.1'));
    await until('the connections past the cap to be closed', () => flood.filter((c) => c.closed).length === 6);
    expect(tcp.connectionsFrom('127.0.0.1')).toBe(4);
    expect(tcp.refusedConnections).toBe(6);
    const text = events.find((e) => e.type === 'dropped')?.text;
    expect(text).toMatch(/^refused a TCP connection from 127\.0\.0\.1:\d+: 4 connections from 127\.0\.0\.1 are open, the most allowed from one address$/);
    const other = await connectFrom(port, '127.0.0.2');
    await other.write(options(1));
    await until('the other source to be answered', () => other.answered());
    expect(other.closed).toBe(false);
    const kept = flood.find((c) => !c.closed)!;
    await kept.write(options(2));
    await until('a connection within the cap to be answered', () => kept.answered());
  });

  it('caps the total number of connections', async () => {
    const { tcp, port } = await setup({ maxConnections: 3 });
    const clients: Client[] = [];
    for (let i = 0; i < 5; i++) clients.push(await connectFrom(port, `127.0.0.${i + 1}`));
    await until('two connections to be refused', () => clients.filter((c) => c.closed).length === 2);
    expect(clients.map((c) => c.closed)).toEqual([false, false, false, true, true]);
    expect(tcp.flows()).toHaveLength(3);
    clients[0].close();
    await until('the first connection to be gone', () => tcp.flows().length === 2);
    const late = await connectFrom(port, '127.0.0.9');
    await late.write(options(3));
    await until('a connection after one closed to be answered', () => late.answered());
  });
});

const hasSs = (() => {
  try {
    execFileSync('ss', ['-V'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

describe.skipIf(!hasSs)('TCP keepalive', () => {
  it('runs TCP keepalive on accepted connections (ss shows the keepalive timer)', async () => {
    const { tcp, port } = await setup({});
    const c = await connectFrom(port, '127.0.0.3');
    await until('the connection to be adopted', () => tcp.flows().length === 1);
    const local = c.socket.localPort;
    const line = execFileSync('ss', ['-tnoH', 'state', 'established', `( sport = :${port} and dport = :${local} )`]).toString();
    expect(line).toMatch(/timer:\(keepalive,/);
  });
});
