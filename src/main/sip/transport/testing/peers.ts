// Tiny raw peers for the loopback tests: a dgram socket and a TCP client that speak bytes, not SIP objects.
import dgram from 'node:dgram';
import net from 'node:net';
import { SipStreamFramer } from '../../framing/index';
import { parseMessage } from '../../message/index';
import type { SipMessage } from '../../message/types';

/** Resolves when `check` returns a value (polled on every event-loop turn), rejects after `ms`. */
export function until<T>(what: string, check: () => T | undefined | false, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      let v: T | undefined | false;
      try {
        v = check();
      } catch (err) {
        reject(err);
        return;
      }
      if (v !== undefined && v !== false) resolve(v);
      else if (Date.now() > deadline) reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

export function parseOrThrow(raw: Buffer): SipMessage {
  const r = parseMessage(raw);
  if (!r.ok) throw new Error(`peer got an unparseable message: ${r.error.reason}`);
  return r.message;
}

export interface UdpPeer {
  port: number;
  received: Array<{ raw: Buffer; from: { address: string; port: number } }>;
  send(raw: Buffer | string, port: number, address?: string): Promise<void>;
  /** Called for each datagram; return a reply to send back. */
  onDatagram?: (raw: Buffer, index: number) => Buffer | string | undefined;
  close(): Promise<void>;
}

export async function udpPeer(): Promise<UdpPeer> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const peer: UdpPeer = {
    port: sock.address().port,
    received: [],
    send: (raw, port, address = '127.0.0.1') =>
      new Promise((resolve, reject) => sock.send(typeof raw === 'string' ? Buffer.from(raw) : raw, port, address, (e) => (e ? reject(e) : resolve()))),
    close: () => new Promise((r) => sock.close(() => r())),
  };
  sock.on('message', (raw, rinfo) => {
    peer.received.push({ raw, from: { address: rinfo.address, port: rinfo.port } });
    const reply = peer.onDatagram?.(raw, peer.received.length - 1);
    if (reply) sock.send(typeof reply === 'string' ? Buffer.from(reply) : reply, rinfo.port, rinfo.address);
  });
  return peer;
}

export interface TcpPeer {
  socket: net.Socket;
  messages: SipMessage[];
  closed: boolean;
  write(raw: Buffer | string): Promise<void>;
  close(): void;
}

function wrap(socket: net.Socket): TcpPeer {
  const framer = new SipStreamFramer();
  const peer: TcpPeer = {
    socket,
    messages: [],
    closed: false,
    write: (raw) => new Promise((resolve, reject) => socket.write(raw, (e) => (e ? reject(e) : resolve()))),
    close: () => socket.destroy(),
  };
  socket.on('data', (chunk) => {
    for (const ev of framer.push(chunk)) if (ev.type === 'message') peer.messages.push(parseOrThrow(ev.data));
  });
  socket.on('close', () => (peer.closed = true));
  socket.on('error', () => {});
  return peer;
}

export function tcpConnect(port: number, host = '127.0.0.1'): Promise<TcpPeer> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host, noDelay: true }, () => resolve(wrap(s)));
    s.once('error', reject);
  });
}

/** A TCP server standing in for a device that the stack dials. */
export async function tcpListener(): Promise<{ port: number; peers: TcpPeer[]; close(): Promise<void> }> {
  const peers: TcpPeer[] = [];
  const server = net.createServer((s) => peers.push(wrap(s)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    peers,
    close: () =>
      new Promise((r) => {
        for (const p of peers) p.close();
        server.close(() => r());
      }),
  };
}

export function sipRequest(method: string, opts: { branch: string; cseq?: number; via?: string; body?: string; callId?: string }): string {
  const body = opts.body ?? '';
  return (
    `${method} sip:34020000002000000001@127.0.0.1 SIP/2.0\r\n` +
    `Via: SIP/2.0/${opts.via ?? 'UDP 127.0.0.1:5999'};rport;branch=${opts.branch}\r\n` +
    `From: <sip:34020000001320000001@3402000000>;tag=dev1\r\n` +
    `To: <sip:34020000002000000001@3402000000>\r\n` +
    `Call-ID: ${opts.callId ?? opts.branch}@127.0.0.1\r\n` +
    `CSeq: ${opts.cseq ?? 1} ${method}\r\n` +
    `Max-Forwards: 70\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
