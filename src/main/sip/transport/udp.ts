import dgram from 'node:dgram';
import net from 'node:net';
import type { SipAddress, SipMessage } from '../message/types';
import type { Clock } from '../timers/clock';
import { TransportBase } from './base';
import type { ReadPacingOptions } from './read-pacing';
import { PacedReading, pacingClock } from './udp-paced-reading';
import { bindError, describeAddress, type Transport, type TransportEndpoint } from './transport';
import { DEFAULT_RECV_BUFFER, growRecvBuffer } from './recv-buffer';

export interface UdpListenOptions {
  /** IP to bind; default 0.0.0.0. An IPv6 literal binds an IPv6 socket. */
  address?: string;
  /** 0 = any free port. */
  port?: number;
  /** Socket receive buffer to ask for (default 4 MiB); the kernel may grant less (net.core.rmem_max). */
  recvBufferBytes?: number;
  /** Read a busy socket in small batches (read-pacing.ts); off unless asked for. */
  pacing?: Partial<ReadPacingOptions> | boolean;
  /** The pacing's time source and pause timer (tests). */
  clock?: Clock;
}

export class UdpTransport extends TransportBase implements Transport {
  readonly name = 'UDP' as const;
  readonly reliable = false;
  private closed = false;
  /** Datagrams read in this turn of the event loop so far. */
  private turnDatagrams = 0;
  private outbox: Array<{ raw: Buffer; to: SipAddress; done: (err: Error | null) => void }> = [];
  /** Sends handed to the socket whose callback has not come yet. */
  private inFlight = 0;
  private whenSent: (() => void) | null = null;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly local: TransportEndpoint,
    private readonly reading: PacedReading | null,
    /** The receive buffer asked for and what the kernel reports it granted (Linux reports twice what it holds back for data). */
    readonly recvBuffer: { asked: number; granted: number },
  ) {
    super();
    socket.on('message', (raw, rinfo) => {
      if (this.turnDatagrams++ === 0) {
        setImmediate(this.endReadTurn);
        this.reading?.startTurn();
      }
      this.deliver({
        raw,
        source: { transport: 'UDP', address: rinfo.address, port: rinfo.port },
        local: this.local,
        datagramLength: rinfo.size,
      });
      this.reading?.afterDatagram();
    });
    socket.on('error', (err) => {
      this.emit({ type: 'error', transport: 'UDP', text: `UDP socket on ${local.address}:${local.port}: ${err.message}` });
    });
  }

  static listen(opts: UdpListenOptions = {}): Promise<UdpTransport> {
    const address = opts.address ?? '0.0.0.0';
    const socket = dgram.createSocket({ type: net.isIPv6(address) ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        socket.close();
        reject(bindError(`cannot open UDP port ${opts.port ?? 0} on ${address}`, err));
      };
      socket.once('error', onError);
      socket.bind(opts.port ?? 0, address, () => {
        socket.off('error', onError);
        const asked = opts.recvBufferBytes ?? DEFAULT_RECV_BUFFER;
        const granted = growRecvBuffer(socket, asked);
        const a = socket.address();
        resolve(new UdpTransport(socket, { address: a.address, port: a.port }, PacedReading.of(socket, opts.pacing, opts.clock ?? pacingClock), { asked, granted }));
      });
    });
  }

  send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    const raw = this.toBytes(data);
    if (this.closed) return Promise.reject(new Error(`UDP transport closed; cannot send to ${describeAddress(to)}`));
    this.report('out', raw, this.local, to);
    return new Promise((resolve, reject) => {
      const done = (err: Error | null) => {
        if (!err) return resolve();
        const text = `sending to ${describeAddress(to)} failed: ${err.message}`;
        this.emit({ type: 'send-failed', transport: 'UDP', peer: to, text });
        reject(new Error(text));
      };
      if (this.turnDatagrams > 0) this.outbox.push({ raw, to, done });
      else this.sendNow(raw, to, done);
    });
  }

  /**
   * The end of a turn that read datagrams: what was sent in it goes out together now. A peer woken by the first
   * answer is still awake for the rest, where one answer per wakeup cost the sending thread several times as
   * much. Sends at other times (a user's request, a timer) go out at once, in the order they are made.
   */
  private readonly endReadTurn = (): void => {
    const n = this.turnDatagrams;
    this.turnDatagrams = 0;
    this.sendOutbox();
    this.reading?.afterTurn(n);
  };

  private sendNow(raw: Buffer, to: SipAddress, done: (err: Error | null) => void): void {
    this.inFlight++;
    const settle = (err: Error | null) => {
      if (--this.inFlight === 0) this.whenSent?.();
      done(err);
    };
    try {
      this.socket.send(raw, to.port, to.address, settle);
    } catch (err) {
      settle(err as Error);
    }
  }

  private sendOutbox(): void {
    const out = this.outbox;
    if (out.length === 0) return;
    this.outbox = [];
    for (const d of out) this.sendNow(d.raw, d.to, d.done);
  }

  /** Sends what waits and resolves once the socket has taken every send (one closed before would drop them). */
  private allSent(): Promise<void> {
    this.sendOutbox();
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => (this.whenSent = resolve));
  }

  /** Whether reading is paused for a batch to gather right now (tests). */
  get readingPaused(): boolean {
    return this.reading?.paused ?? false;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.reading?.stop();
    return this.allSent().then(() => new Promise((resolve) => this.socket.close(() => resolve())));
  }
}
