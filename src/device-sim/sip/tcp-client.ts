// A device's SIP-over-TCP link: one outbound connection to the platform that carries everything in both
// directions (GB/T 28181-2022 §5: a device behind NAT registers over TCP and keeps that connection).
// Implements the stack's Transport interface so the transport and transaction layers run on top unchanged.
import net from 'node:net';
import type { SipAddress, SipMessage } from '../../main/sip/message/types';
import { SipStreamFramer } from '../../main/sip/framing';
import { TransportBase } from '../../main/sip/transport/base';
import { describeAddress, peerKey, type Transport, type TransportEndpoint } from '../../main/sip/transport/transport';

export class TcpClientTransport extends TransportBase implements Transport {
  readonly name = 'TCP' as const;
  readonly reliable = true;
  private socket: net.Socket | undefined;
  private connecting: Promise<net.Socket> | undefined;
  private endpoint: TransportEndpoint;
  private closed = false;

  constructor(
    private readonly peer: SipAddress,
    private readonly localIp: string,
    private readonly connectTimeoutMs = 5000,
  ) {
    super();
    this.endpoint = { address: localIp, port: 0 };
  }

  /** The local end of the current connection (port 0 before the first connect). */
  get local(): TransportEndpoint {
    return this.endpoint;
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** Opens the connection if it is not open (resolves at once when it is). */
  connect(): Promise<void> {
    return this.open().then(() => undefined);
  }

  async send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    if (this.closed) throw new Error(`TCP link closed; cannot send to ${describeAddress(to)}`);
    if (to.address !== this.peer.address || to.port !== this.peer.port) {
      throw new Error(`this device only talks to ${describeAddress(this.peer)} over TCP, not ${describeAddress(to)}`);
    }
    const raw = this.toBytes(data);
    const socket = await this.open();
    this.report('out', raw, this.endpoint, this.peer);
    await new Promise<void>((resolve, reject) => {
      socket.write(raw, (err) => (err ? reject(new Error(`sending to ${describeAddress(to)} failed: ${err.message}`)) : resolve()));
    });
  }

  /** Drops the connection as a network failure would (tests, TeleBoot). */
  drop(): void {
    this.socket?.destroy();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.end();
      setTimeout(() => s.destroy(), 500).unref();
    });
  }

  private open(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    if (this.connecting) return this.connecting;
    const key = peerKey(this.peer.address, this.peer.port);
    const p = new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host: this.peer.address, port: this.peer.port, localAddress: this.localIp, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`cannot connect to ${key} over TCP: no answer within ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to ${key} over TCP: ${err.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        this.adopt(socket);
        resolve(socket);
      });
    });
    this.connecting = p;
    const clear = () => {
      this.connecting = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  private adopt(socket: net.Socket): void {
    this.socket = socket;
    this.endpoint = { address: socket.localAddress ?? this.localIp, port: socket.localPort ?? 0 };
    const framer = new SipStreamFramer();
    const local = this.endpoint;
    socket.removeAllListeners('error');
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      for (const ev of framer.push(chunk)) {
        if (ev.type === 'message') this.deliver({ raw: ev.data, source: this.peer, local, flow: peerKey(this.peer.address, this.peer.port) });
        else if (ev.type === 'keepalive' && ev.ping) socket.write('\r\n');
        else if (ev.type === 'error') socket.destroy();
      }
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      const text = `TCP connection to ${peerKey(this.peer.address, this.peer.port)} closed`;
      this.emit({ type: 'connection-closed', transport: 'TCP', peer: this.peer, direction: 'outbound', reason: this.closed ? 'shutdown' : 'peer', text });
    });
  }
}
