import net from 'node:net';
import type { SipAddress, SipMessage } from '../message/types';
import { TransportBase } from './base';
import { bindError, describeAddress, peerKey, type ConnectionCloseReason, type SendOptions, type Transport, type TransportEndpoint } from './transport';
import { SipStreamFramer } from '../framing';
import { MAX_STREAM_BODY_BYTES } from '../message/limits';
import { ConnectionLimits, type ConnectionLimitOptions } from './connection-limits';

export interface TcpListenOptions extends ConnectionLimitOptions {
  address?: string;
  port?: number;
  /** Close a connection after this long without traffic in either direction. Default 15 minutes. */
  idleTimeoutMs?: number;
  /** Give up an outbound connect after this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** Largest message body accepted; a larger one is answered 413 and skipped, keeping the connection. Default 1 MiB. */
  maxBodyBytes?: number;
  /** TCP keepalive probes start after this long idle, so a vanished peer's connection ends. Default 30 s. */
  keepAliveMs?: number;
}

interface TcpSettings {
  idleMs: number;
  connectMs: number;
  maxBodyBytes: number;
  keepAliveMs: number;
}

/** An open TCP connection as later layers see it (GB/T 28181-2022: a device's signalling flow). */
export interface FlowInfo {
  key: string;
  peer: SipAddress;
  local: TransportEndpoint;
  direction: 'inbound' | 'outbound';
  openedAt: number;
}

interface Connection extends FlowInfo {
  socket: net.Socket;
  /** Counted against the per-address cap (inbound connections). */
  counted: boolean;
  framer: SipStreamFramer;
  closeReason?: ConnectionCloseReason;
  closeDetail?: string;
}

const DEFAULT_IDLE_MS = 15 * 60_000;
const DEFAULT_CONNECT_MS = 10_000;
const DEFAULT_KEEPALIVE_MS = 30_000;
/** Refused connections are reported at most this often, with how many were refused in between. */
const REFUSAL_REPORT_MS = 10_000;

export class TcpTransport extends TransportBase implements Transport {
  readonly name = 'TCP' as const;
  readonly reliable = true;
  private readonly conns = new Map<string, Connection>();
  private readonly connecting = new Map<string, Promise<Connection>>();
  private closed = false;
  private readonly idleMs: number;
  private readonly connectMs: number;
  private readonly maxBodyBytes: number;
  private readonly keepAliveMs: number;
  private readonly limits: ConnectionLimits;
  /** Inbound connections refused by the caps since start. */
  refusedConnections = 0;
  private refusedUnreported = 0;
  private lastRefusalReport = -Infinity;

  private constructor(
    private readonly server: net.Server,
    readonly local: TransportEndpoint,
    settings: TcpSettings,
    limits: ConnectionLimits,
  ) {
    super();
    this.idleMs = settings.idleMs;
    this.connectMs = settings.connectMs;
    this.maxBodyBytes = settings.maxBodyBytes;
    this.keepAliveMs = settings.keepAliveMs;
    this.limits = limits;
    server.on('connection', (socket) => this.accept(socket));
    server.on('error', (err) => this.emit({ type: 'error', transport: 'TCP', text: `TCP listener on ${peerKey(local.address, local.port)}: ${err.message}` }));
  }

  static listen(opts: TcpListenOptions = {}): Promise<TcpTransport> {
    const address = opts.address ?? '0.0.0.0';
    const server = net.createServer({ noDelay: true });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(bindError(`cannot open TCP port ${opts.port ?? 0} on ${address}`, err));
      server.once('error', onError);
      server.listen({ host: address, port: opts.port ?? 0, exclusive: true }, () => {
        server.off('error', onError);
        const a = server.address() as net.AddressInfo;
        const settings: TcpSettings = {
          idleMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_MS,
          connectMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_MS,
          maxBodyBytes: opts.maxBodyBytes ?? MAX_STREAM_BODY_BYTES,
          keepAliveMs: opts.keepAliveMs ?? DEFAULT_KEEPALIVE_MS,
        };
        resolve(new TcpTransport(server, { address: a.address, port: a.port }, settings, new ConnectionLimits(opts)));
      });
    });
  }

  /** The open connection to/from this peer, if any. */
  flowFor(peer: { address: string; port: number }): FlowInfo | undefined {
    const c = this.conns.get(peerKey(peer.address, peer.port));
    return c ? publicFlow(c) : undefined;
  }

  flows(): FlowInfo[] {
    return [...this.conns.values()].map(publicFlow);
  }

  /** Close one flow on purpose (e.g. a device was deleted). */
  closeFlow(peer: { address: string; port: number }): void {
    const c = this.conns.get(peerKey(peer.address, peer.port));
    if (c) this.drop(c, 'shutdown');
  }

  async send(data: SipMessage | Buffer, to: SipAddress, opts: SendOptions = {}): Promise<void> {
    const raw = this.toBytes(data);
    const key = peerKey(to.address, to.port);
    if (this.closed) throw new Error(`TCP transport closed; cannot send to ${describeAddress(to)}`);
    let conn = this.conns.get(key);
    if (!conn) {
      if (opts.noNewConnection) {
        throw new Error(`no open TCP connection from ${key}: the device must reconnect and register again`);
      }
      conn = await this.connect(to, key);
    }
    const c = conn;
    this.report('out', raw, c.local, c.peer);
    await new Promise<void>((resolve, reject) => {
      c.socket.write(raw, (err) => {
        if (!err) return resolve();
        const text = `sending to ${describeAddress(to)} failed: ${err.message}`;
        this.emit({ type: 'send-failed', transport: 'TCP', peer: to, text });
        reject(new Error(text));
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.conns.values()) this.drop(c, 'shutdown');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connect(to: SipAddress, key: string): Promise<Connection> {
    const pending = this.connecting.get(key);
    if (pending) return pending;
    const p = new Promise<Connection>((resolve, reject) => {
      const socket = net.connect({ host: to.address, port: to.port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        fail(new Error(`no answer within ${this.connectMs < 1000 ? `${this.connectMs} ms` : `${Math.round(this.connectMs / 1000)} s`}`));
      }, this.connectMs);
      timer.unref?.();
      const fail = (err: Error) => {
        clearTimeout(timer);
        const text = `cannot open a TCP connection to ${key}: ${err.message}`;
        this.emit({ type: 'send-failed', transport: 'TCP', peer: to, text });
        reject(new Error(text));
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        resolve(this.adopt(socket, 'outbound', to));
      });
    });
    this.connecting.set(key, p);
    const clear = () => this.connecting.delete(key);
    p.then(clear, clear);
    return p;
  }

  /** An inbound connection: refused at once past the caps, else adopted. */
  private accept(socket: net.Socket): void {
    const ip = normaliseAddress(socket.remoteAddress ?? '');
    const refusal = this.limits.refusal(ip, this.conns.size);
    if (refusal) {
      socket.on('error', () => {});
      socket.destroy();
      this.refused({ transport: 'TCP', address: ip, port: socket.remotePort ?? 0 }, refusal);
      return;
    }
    this.adopt(socket, 'inbound');
  }

  private refused(peer: SipAddress, why: string): void {
    this.refusedConnections++;
    this.refusedUnreported++;
    const now = Date.now();
    if (now - this.lastRefusalReport < REFUSAL_REPORT_MS) return;
    const more = this.refusedUnreported - 1;
    this.refusedUnreported = 0;
    this.lastRefusalReport = now;
    const tail = more > 0 ? ` (${more} more refused since the last report)` : '';
    this.emit({ type: 'dropped', transport: 'TCP', peer, text: `refused a TCP connection from ${peerKey(peer.address, peer.port)}: ${why}${tail}` });
  }

  /** Inbound connections open from this IP address. */
  connectionsFrom(ip: string): number {
    return this.limits.openFrom(ip);
  }

  private adopt(socket: net.Socket, direction: 'inbound' | 'outbound', dialled?: SipAddress): Connection {
    const peer: SipAddress = dialled ?? {
      transport: 'TCP',
      address: normaliseAddress(socket.remoteAddress ?? ''),
      port: socket.remotePort ?? 0,
    };
    const key = peerKey(peer.address, peer.port);
    const local = { address: normaliseAddress(socket.localAddress ?? this.local.address), port: socket.localPort ?? this.local.port };
    const conn: Connection = {
      key,
      peer,
      local,
      direction,
      openedAt: Date.now(),
      socket,
      counted: direction === 'inbound',
      framer: new SipStreamFramer({ maxBodyBytes: this.maxBodyBytes }),
    };
    if (conn.counted) this.limits.opened(peer.address);
    const previous = this.conns.get(key);
    if (previous && previous.socket !== socket) this.drop(previous, 'shutdown');
    this.conns.set(key, conn);
    socket.setKeepAlive(true, this.keepAliveMs);
    socket.setTimeout(this.idleMs);
    socket.on('timeout', () => this.drop(conn, 'idle'));
    socket.on('data', (chunk) => this.onData(conn, chunk));
    socket.on('error', (err) => {
      conn.closeReason ??= 'error';
      conn.closeDetail ??= err.message;
    });
    socket.on('close', () => this.closedConnection(conn));
    this.emit({ type: 'connection-opened', transport: 'TCP', peer, direction, text: `TCP connection ${direction === 'inbound' ? 'from' : 'to'} ${key} opened` });
    return conn;
  }

  private onData(conn: Connection, chunk: Buffer): void {
    let events;
    try {
      events = conn.framer.push(chunk);
    } catch (err) {
      this.drop(conn, 'framing', (err as Error).message);
      return;
    }
    for (const ev of events) {
      if (ev.type === 'message') this.deliver({ raw: ev.data, source: conn.peer, local: conn.local, flow: conn.key, maxBodyBytes: this.maxBodyBytes });
      // the header section alone: the layer answers 413 from it while the framer skips the body
      else if (ev.type === 'oversize') this.deliver({ raw: ev.head, source: conn.peer, local: conn.local, flow: conn.key, maxBodyBytes: this.maxBodyBytes });
      // RFC 5626 §4.4.1: a double-CRLF ping is answered with a single CRLF pong
      else if (ev.type === 'keepalive' && ev.ping && !conn.socket.destroyed) conn.socket.write('\r\n');
      else if (ev.type === 'error') this.drop(conn, 'framing', ev.reason);
    }
  }

  private drop(conn: Connection, reason: ConnectionCloseReason, detail?: string): void {
    conn.closeReason ??= reason;
    conn.closeDetail ??= detail;
    conn.socket.destroy();
  }

  private closedConnection(conn: Connection): void {
    if (this.conns.get(conn.key) === conn) this.conns.delete(conn.key);
    if (conn.counted) this.limits.closed(conn.peer.address);
    const reason = conn.closeReason ?? 'peer';
    const text = `TCP connection ${conn.direction === 'inbound' ? 'from' : 'to'} ${conn.key} closed${closeWords(reason, conn.closeDetail, this.idleMs)}`;
    this.emit({ type: 'connection-closed', transport: 'TCP', peer: conn.peer, direction: conn.direction, reason, text });
  }
}

function closeWords(reason: ConnectionCloseReason, detail: string | undefined, idleMs: number): string {
  switch (reason) {
    case 'peer':
      return ' by the peer';
    case 'idle':
      return ` after ${idleMs < 1000 ? `${idleMs} ms` : `${Math.round(idleMs / 1000)} s`} without traffic`;
    case 'framing':
      return `: unreadable data (${detail ?? 'framing error'})`;
    case 'error':
      return `: ${detail ?? 'network error'}`;
    case 'shutdown':
      return '';
  }
}

function publicFlow(c: Connection): FlowInfo {
  return { key: c.key, peer: c.peer, local: c.local, direction: c.direction, openedAt: c.openedAt };
}

/** "::ffff:10.0.0.7" (IPv4 on a dual-stack socket) -> "10.0.0.7". */
function normaliseAddress(a: string): string {
  return a.startsWith('::ffff:') && net.isIPv4(a.slice(7)) ? a.slice(7) : a;
}
