import dgram from 'node:dgram';
import net from 'node:net';
import type { SipAddress, SipMessage } from '../message/types';
import type { Clock, TimerHandle } from '../timers/clock';
import { TransportBase } from './base';
import { DEFAULT_READ_PACING, ReadPacer, maxPauseFor, type ReadPacingOptions } from './read-pacing';
import { bindError, describeAddress, type Transport, type TransportEndpoint } from './transport';

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

/** Its pause timers are referenced: while reading is stopped, the socket alone would not keep the process running. */
const pacingClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * A burst of REGISTERs from thousands of devices overflows the usual 208 KiB default while the process is busy
 * (e.g. in a GC pause); every datagram dropped there costs a 500 ms retransmission at the device.
 */
const DEFAULT_RECV_BUFFER = 4 * 1024 * 1024;

export class UdpTransport extends TransportBase implements Transport {
  readonly name = 'UDP' as const;
  readonly reliable = false;
  private closed = false;
  private readonly reading: PacedReading | null;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly local: TransportEndpoint,
    pacer: ReadPacer | null,
    clock: Clock,
  ) {
    super();
    this.reading = pacer ? PacedReading.of(socket, pacer, clock) : null;
    socket.on('message', (raw, rinfo) => {
      this.reading?.read();
      this.deliver({
        raw,
        source: { transport: 'UDP', address: rinfo.address, port: rinfo.port },
        local: this.local,
        datagramLength: rinfo.size,
      });
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
        growRecvBuffer(socket, opts.recvBufferBytes ?? DEFAULT_RECV_BUFFER);
        const a = socket.address();
        resolve(new UdpTransport(socket, { address: a.address, port: a.port }, pacerFor(socket, opts.pacing, opts.clock ?? pacingClock), opts.clock ?? pacingClock));
      });
    });
  }

  send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    const raw = this.toBytes(data);
    if (this.closed) return Promise.reject(new Error(`UDP transport closed; cannot send to ${describeAddress(to)}`));
    this.report('out', raw, this.local, to);
    return new Promise((resolve, reject) => {
      this.socket.send(raw, to.port, to.address, (err) => {
        if (err) {
          const text = `sending to ${describeAddress(to)} failed: ${err.message}`;
          this.emit({ type: 'send-failed', transport: 'UDP', peer: to, text });
          reject(new Error(text));
          return;
        }
        resolve();
      });
    });
  }

  /** Whether reading is paused for a batch to gather right now (tests). */
  get readingPaused(): boolean {
    return this.reading?.paused ?? false;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.reading?.stop();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Asks for a bigger receive buffer; a refusal (limits, platforms) leaves the default, which still works. */
function growRecvBuffer(socket: dgram.Socket, bytes: number): void {
  try {
    if (socket.getRecvBufferSize() < bytes) socket.setRecvBufferSize(bytes);
  } catch {
    // keep the default size
  }
}

function pacerFor(socket: dgram.Socket, pacing: UdpListenOptions['pacing'], clock: Clock): ReadPacer | null {
  if (!pacing) return null;
  const wanted = { ...DEFAULT_READ_PACING, ...(pacing === true ? {} : pacing) };
  let granted = 0;
  try {
    granted = socket.getRecvBufferSize();
  } catch {
    return null;
  }
  return new ReadPacer(clock, { ...wanted, maxPauseMs: maxPauseFor(granted, wanted.maxPauseMs) });
}

/** The receive side of dgram's native handle: Node has no public way to stop reading a bound socket for a while. */
interface ReceiveHandle {
  recvStart(): number;
  recvStop(): number;
}

function receiveHandleOf(socket: dgram.Socket): ReceiveHandle | null {
  const state = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  const handle = state && (socket as unknown as Record<symbol, { handle?: Partial<ReceiveHandle> | null }>)[state]?.handle;
  return handle && typeof handle.recvStart === 'function' && typeof handle.recvStop === 'function' ? (handle as ReceiveHandle) : null;
}

/** Counts each turn's datagrams and stops reading for the pause the pacer asks for. */
class PacedReading {
  private inTurn = 0;
  private resume: TimerHandle | null = null;
  private stopped = false;

  private constructor(
    private readonly handle: ReceiveHandle,
    private readonly pacer: ReadPacer,
    private readonly clock: Clock,
  ) {}

  /** Null where this Node keeps its socket handle elsewhere: the socket is then read as usual. */
  static of(socket: dgram.Socket, pacer: ReadPacer, clock: Clock): PacedReading | null {
    const handle = receiveHandleOf(socket);
    return handle ? new PacedReading(handle, pacer, clock) : null;
  }

  get paused(): boolean {
    return this.resume !== null;
  }

  read(): void {
    if (this.inTurn++ === 0) setImmediate(this.endTurn);
  }

  private readonly endTurn = (): void => {
    const ms = this.pacer.afterTurn(this.inTurn);
    this.inTurn = 0;
    if (ms === 0 || this.stopped || this.resume) return;
    this.handle.recvStop();
    this.resume = this.clock.setTimeout(() => {
      this.resume = null;
      if (!this.stopped) this.handle.recvStart();
    }, ms);
  };

  stop(): void {
    this.stopped = true;
    if (this.resume) this.clock.clearTimeout(this.resume);
    this.resume = null;
  }
}
