import { type Server, type Socket, createConnection, createServer } from 'node:net';
import { DomainError } from '../../../shared/errors';
import { Rfc4571Deframer } from './rfc4571-deframer';
import { connectFailedText, connectRefusedText, connectTimeoutText } from './texts';
import { RtpInput, type RtpInputOptions } from './rtp-input';
import { bindError } from './udp-receiver';

export type TcpRtpReceiverOptions = RtpInputOptions &
  (
    | {
        /** We listen (SDP a=setup:passive) and the device connects. */
        mode: 'passive';
        /** Local port; 0 picks a free one. */
        port: number;
        host?: string;
        /** Connections accepted at once (a device may reconnect before the old one times out); default 4. */
        maxConnections?: number;
      }
    | {
        /** The device listens (its answer says a=setup:passive for itself); we connect to it. */
        mode: 'active';
        remoteHost: string;
        remotePort: number;
        /** Local address to connect from. */
        localHost?: string;
        connectTimeoutMs?: number;
      }
  );

/**
 * RTP over TCP with RFC 4571 framing (and the "$" interleaved form), GB/T 28181 setup passive or active.
 * Each connection has its own deframer; packets from all of them go through the same SSRC/reorder logic.
 */
export class TcpRtpReceiver extends RtpInput {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private closed = false;
  private localPort = 0;

  constructor(private readonly tcpOptions: TcpRtpReceiverOptions) {
    super(tcpOptions);
  }

  get port(): number {
    return this.localPort;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Passive: resolves once listening. Active: resolves once connected. Rejects with a readable reason. */
  start(): Promise<{ address: string; port: number }> {
    return this.tcpOptions.mode === 'passive' ? this.listen(this.tcpOptions) : this.connect(this.tcpOptions);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.finish();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(o: Extract<TcpRtpReceiverOptions, { mode: 'passive' }>): Promise<{ address: string; port: number }> {
    const server = createServer({ noDelay: true }, (socket) => {
      if (this.closed || this.sockets.size >= (o.maxConnections ?? 4)) {
        socket.destroy();
        return;
      }
      this.attach(socket);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        this.server = undefined;
        reject(bindError(`cannot listen for video on ${o.host ?? '0.0.0.0'}:${o.port}/tcp`, err));
      };
      server.once('error', onError);
      server.listen({ port: o.port, host: o.host, exclusive: true }, () => {
        server.off('error', onError);
        server.on('error', (err) => this.reportError(err));
        const a = server.address();
        if (a && typeof a === 'object') this.localPort = a.port;
        resolve({ address: typeof a === 'object' && a ? a.address : (o.host ?? '0.0.0.0'), port: this.localPort });
      });
    });
  }

  private connect(o: Extract<TcpRtpReceiverOptions, { mode: 'active' }>): Promise<{ address: string; port: number }> {
    const where = `${o.remoteHost}:${o.remotePort}/tcp`;
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: o.remoteHost, port: o.remotePort, localAddress: o.localHost, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(DomainError.saying('unavailable', connectTimeoutText(where, o.connectTimeoutMs ?? 5000)));
      }, o.connectTimeoutMs ?? 5000);
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(DomainError.saying('unavailable', err.code === 'ECONNREFUSED' ? connectRefusedText(where) : connectFailedText(where, err)));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        if (this.closed) {
          socket.destroy();
          reject(new Error('receiver closed while connecting'));
          return;
        }
        this.localPort = socket.localPort ?? 0;
        this.attach(socket);
        resolve({ address: socket.localAddress ?? '', port: this.localPort });
      });
    });
  }

  private attach(socket: Socket): void {
    const address = socket.remoteAddress ?? '?';
    const port = socket.remotePort ?? 0;
    const remote = `${address}:${port}`;
    this.sockets.add(socket);
    const deframer = new Rfc4571Deframer((pkt) => this.receive(pkt, address, port));
    let lastSkipped = 0;
    socket.on('data', (chunk: Buffer) => {
      try {
        deframer.push(chunk);
      } catch (err) {
        this.reportError(err);
      }
      const skipped = deframer.stats.skippedBytes;
      if (skipped !== lastSkipped) {
        this.countInvalid();
        lastSkipped = skipped;
      }
    });
    socket.on('error', (err) => this.reportError(new Error(`media connection with ${remote}: ${err.message}`)));
    socket.on('close', (hadError) => {
      this.sockets.delete(socket);
      if (!this.closed) {
        this.emit('disconnect', {
          remote,
          reason: hadError ? 'connection error' : 'the device closed the connection',
        });
      }
    });
    this.emit('connection', { remote });
  }
}
