import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import { RtpInput, type RtpInputOptions } from './rtp-input';

export interface UdpRtpReceiverOptions extends RtpInputOptions {
  /** Local port; 0 picks a free one. */
  port: number;
  /** Local address to bind; default all IPv4 interfaces. */
  host?: string;
  /** SO_RCVBUF wish in bytes (the OS may cap it); default 2 MiB. */
  receiveBufferSize?: number;
}

/** RTP over UDP: one socket per session, bound to the port we offered in the SDP. */
export class UdpRtpReceiver extends RtpInput {
  private socket: Socket | undefined;
  private boundPort = 0;

  constructor(private readonly udpOptions: UdpRtpReceiverOptions) {
    super(udpOptions);
  }

  get port(): number {
    return this.boundPort;
  }

  /** Binds the socket; rejects with an installer-readable message when the port is taken. */
  start(): Promise<{ address: string; port: number }> {
    const { port, host } = this.udpOptions;
    const family = host?.includes(':') ? 'udp6' : 'udp4';
    const socket = createSocket({ type: family, reuseAddr: false });
    this.socket = socket;
    return new Promise((resolve, reject) => {
      const onBindError = (err: NodeJS.ErrnoException) => {
        this.socket = undefined;
        socket.close();
        reject(bindError(`cannot receive video on ${host ?? '0.0.0.0'}:${port}/udp`, err));
      };
      socket.once('error', onBindError);
      socket.bind({ port, address: host, exclusive: true }, () => {
        socket.off('error', onBindError);
        socket.on('error', (err) => this.reportError(err));
        try {
          socket.setRecvBufferSize(this.udpOptions.receiveBufferSize ?? 2 * 1024 * 1024);
        } catch {
          // the OS cap applies; not fatal
        }
        socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.receive(msg, rinfo.address, rinfo.port));
        const a = socket.address();
        this.boundPort = a.port;
        resolve({ address: a.address, port: a.port });
      });
    });
  }

  /** Closes the socket and releases the port; held packets are delivered first. Safe to call twice. */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.finish();
    if (!socket) return;
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** A bind failure as a sentence; the socket error's errno `code` (EADDRINUSE, ...) is kept, the error is the cause. */
export function bindError(what: string, err: NodeJS.ErrnoException): NodeJS.ErrnoException {
  return Object.assign(new Error(`${what}: ${describeBindError(err)}`, { cause: err }), { code: err.code });
}

export function describeBindError(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'the port is already in use by another program or session';
  if (err.code === 'EADDRNOTAVAIL') return 'this computer has no such address (check --media-ip)';
  if (err.code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  return err.message;
}
