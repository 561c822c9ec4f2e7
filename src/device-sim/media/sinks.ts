// Where a device's RTP goes (GB/T 28181-2016 §9.2, 2022 adds TCP roles): UDP to the offered address; TCP where
// the platform listens ("passive" in its offer: we connect); TCP where the platform connects ("active": we
// listen and put our port in the answer). TCP carries RFC 4571 length-prefixed packets.
import dgram from 'node:dgram';
import net from 'node:net';
import { frameRfc4571All } from '../../main/media/rtp-packetize';
import { Listeners } from '../../shared/listeners';

export interface RtpSink {
  readonly kind: 'udp' | 'tcp-passive' | 'tcp-active';
  /** The port we send from (UDP) or listen on (TCP active); 0 until known for TCP passive. */
  readonly localPort: number;
  /** Resolves once packets can flow (TCP: the connection is up). */
  ready(): Promise<void>;
  send(packets: Buffer[]): void;
  close(): void;
  /** Called once when the far end goes away (TCP only). */
  onClosed(fn: () => void): void;
  readonly bytesSent: number;
}

/** Bytes queued on a TCP socket beyond which frames are dropped rather than buffered. */
const MAX_QUEUED = 4 * 1024 * 1024;

export class UdpSink implements RtpSink {
  readonly kind = 'udp' as const;
  bytesSent = 0;
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly localPort: number,
    private readonly ip: string,
    private readonly port: number,
  ) {
    socket.on('error', () => {});
  }

  static open(localIp: string, targetIp: string, targetPort: number): Promise<UdpSink> {
    const socket = dgram.createSocket(net.isIPv6(localIp) ? 'udp6' : 'udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, localIp, () => {
        socket.off('error', reject);
        resolve(new UdpSink(socket, socket.address().port, targetIp, targetPort));
      });
    });
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  send(packets: Buffer[]): void {
    if (this.closed) return;
    for (const p of packets) {
      this.bytesSent += p.length;
      this.socket.send(p, this.port, this.ip);
    }
  }

  onClosed(): void {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}

abstract class TcpSink implements RtpSink {
  abstract readonly kind: 'tcp-passive' | 'tcp-active';
  bytesSent = 0;
  dropped = 0;
  protected socket: net.Socket | undefined;
  protected closed = false;
  private closedListeners = new Listeners<[]>();
  abstract readonly localPort: number;
  abstract ready(): Promise<void>;

  protected adopt(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => {
      const ls = this.closedListeners;
      this.closedListeners = new Listeners();
      if (!this.closed) ls.emit();
    });
    socket.on('data', () => {}); // RTCP or nothing; never buffered
  }

  send(packets: Buffer[]): void {
    const s = this.socket;
    if (this.closed || !s || s.destroyed) return;
    if (s.writableLength > MAX_QUEUED) {
      this.dropped += packets.length;
      return;
    }
    const framed = frameRfc4571All(packets);
    this.bytesSent += framed.length;
    s.write(framed);
  }

  onClosed(fn: () => void): void {
    this.closedListeners.add(fn);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.end();
    const s = this.socket;
    if (s) setTimeout(() => s.destroy(), 1000).unref();
  }
}

/** The platform listens; we connect to the address in its offer. */
export class TcpConnectSink extends TcpSink {
  readonly kind = 'tcp-passive' as const;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly localIp: string,
    private readonly targetIp: string,
    private readonly targetPort: number,
    private readonly timeoutMs = 5000,
  ) {
    super();
  }

  get localPort(): number {
    return this.socket?.localPort ?? 0;
  }

  ready(): Promise<void> {
    this.connecting ??= new Promise((resolve, reject) => {
      const s = net.connect({ host: this.targetIp, port: this.targetPort, localAddress: this.localIp });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`cannot connect media to ${this.targetIp}:${this.targetPort}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect media to ${this.targetIp}:${this.targetPort}: ${err.message}`));
      });
      s.once('connect', () => {
        clearTimeout(timer);
        if (this.closed) {
          s.destroy();
          reject(new Error('media session ended before the TCP connection opened'));
          return;
        }
        this.adopt(s);
        resolve();
      });
    });
    return this.connecting;
  }
}

/** The platform connects to us; we listen on a port we put in the answer. */
export class TcpListenSink extends TcpSink {
  readonly kind = 'tcp-active' as const;
  private readonly accepted: Promise<void>;

  private constructor(
    private readonly server: net.Server,
    readonly localPort: number,
    timeoutMs: number,
  ) {
    super();
    this.accepted = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the platform did not connect to media port ${localPort} within ${timeoutMs} ms`));
        server.close();
      }, timeoutMs);
      timer.unref();
      server.once('connection', (s) => {
        clearTimeout(timer);
        server.close();
        if (this.closed) {
          s.destroy();
          return;
        }
        this.adopt(s);
        resolve();
      });
    });
    this.accepted.catch(() => {});
  }

  static listen(localIp: string, timeoutMs = 10_000): Promise<TcpListenSink> {
    const server = net.createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, localIp, () => {
        server.off('error', reject);
        resolve(new TcpListenSink(server, (server.address() as net.AddressInfo).port, timeoutMs));
      });
    });
  }

  ready(): Promise<void> {
    return this.accepted;
  }

  override close(): void {
    super.close();
    this.server.close();
  }
}
