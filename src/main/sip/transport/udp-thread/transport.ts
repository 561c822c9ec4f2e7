// The SIP UDP port read on a thread of its own (worker.ts; docs/protocol.md §15). The reader drains the socket
// while the SIP thread is busy, in a GC pause or between paced batches, so a site's storm no longer depends on
// the kernel's receive buffer (net.core.rmem_max) holding it. Datagrams come in batches and are handled
// TURN_DATAGRAMS per turn of the event loop, so the console's requests wait for a few dozen messages at most;
// what the SIP thread sends in a turn goes back to the reader in one hand-over, which also asks for the next batch.
import { Worker } from 'node:worker_threads';
import type { SipAddress, SipMessage } from '../../message/types';
import { readerThreadLimits } from '../../../process/thread-limits';
import { workerSource } from '../../../process/worker-source';
import { TransportBase } from '../base';
import { DEFAULT_READ_PACING, type ReadPacingOptions } from '../read-pacing';
import { DEFAULT_RECV_BUFFER } from '../recv-buffer';
import { bindError, describeAddress, type Transport, type TransportEndpoint } from '../transport';
import { DatagramPacker } from './packing';
import type { FromReader, PackedDatagrams, ReaderThreadData, ToReader } from './protocol';

/** Output name of the bundled entry (electron.vite.config.ts builds worker.ts under this name). */
export const READER_BUNDLE = 'sip-udp-reader.js';

export interface UdpThreadListenOptions {
  /** IP to bind; default 0.0.0.0. An IPv6 literal binds an IPv6 socket. */
  address?: string;
  /** 0 = any free port. */
  port?: number;
  /** Socket receive buffer to ask for (default 4 MiB); the kernel may grant less (net.core.rmem_max). */
  recvBufferBytes?: number;
  /** Gather a keepalive trickle into batches (read-pacing.ts); default on. */
  pacing?: Partial<ReadPacingOptions> | boolean;
  /** Datagrams the reader holds for a busy SIP thread (default 4,096: about half a second of a storm's work). */
  maxQueued?: number;
  maxQueuedBytes?: number;
}

/** Datagrams handled per turn of the SIP thread's event loop. */
const TURN_DATAGRAMS = 32;
/** How often the reader's drops are reported at most. */
const DROP_REPORT_MS = 10_000;
const RESPAWN_MS = 1000;
const CLOSE_DEADLINE_MS = 3000;
const SENT: Promise<void> = Promise.resolve();

export class UdpThreadTransport extends TransportBase implements Transport {
  readonly name = 'UDP' as const;
  readonly reliable = false;
  private closed = false;
  private readonly out = new DatagramPacker();
  private flushQueued = false;
  private inTurn = false;
  /** The current reader thread has ended. */
  private exited = false;
  private batch: PackedDatagrams | null = null;
  private next = 0;
  private offset = 0;
  private unreportedDrops = 0;
  private lastDropReport = 0;
  /** Datagrams the reader dropped since start because too many waited for this thread. */
  dropped = 0;

  private constructor(
    private worker: Worker,
    readonly local: TransportEndpoint,
    /** The receive buffer asked for and what the kernel reports it granted (Linux reports twice what it holds back for data). */
    readonly recvBuffer: { asked: number; granted: number },
    private readonly data: ReaderThreadData,
  ) {
    super();
    this.attach(worker);
  }

  static async listen(opts: UdpThreadListenOptions = {}): Promise<UdpThreadTransport> {
    const address = opts.address ?? '0.0.0.0';
    const pacing = opts.pacing === false ? null : { ...DEFAULT_READ_PACING, ...(typeof opts.pacing === 'object' ? opts.pacing : {}) };
    const data: ReaderThreadData = {
      address,
      port: opts.port ?? 0,
      recvBufferBytes: opts.recvBufferBytes ?? DEFAULT_RECV_BUFFER,
      pacing,
      maxQueued: opts.maxQueued ?? 4096,
      maxQueuedBytes: opts.maxQueuedBytes ?? 8 * 1024 * 1024,
    };
    const { worker, bound } = await startReader(data);
    return new UdpThreadTransport(worker, { address: bound.address, port: bound.port }, { asked: data.recvBufferBytes, granted: bound.granted }, { ...data, port: bound.port });
  }

  /** The reader thread now (tests end it to see the port come back). */
  get readerThread(): Worker {
    return this.worker;
  }

  send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`UDP transport closed; cannot send to ${describeAddress(to)}`));
    const raw = this.toBytes(data);
    this.report('out', raw, this.local, to);
    this.out.add(raw, to.address, to.port);
    if (!this.inTurn && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flushSends);
    }
    // A datagram has no delivery confirmation; a send the socket refuses is reported as a send-failed event.
    return SENT;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.batch = null;
    const w = this.worker;
    if (this.exited) return Promise.resolve();
    if (this.out.count > 0) this.post({ t: 'out', batch: this.out.take(), done: false });
    this.post({ t: 'close' });
    return new Promise((resolve) => {
      const deadline = setTimeout(() => void w.terminate().then(() => resolve()), CLOSE_DEADLINE_MS);
      w.once('exit', () => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }

  private attach(w: Worker): void {
    this.exited = false;
    w.once('exit', () => {
      if (this.worker === w) this.exited = true;
    });
    w.on('message', (m: FromReader) => this.receive(m));
    w.on('error', (err) => this.lost(w, `the SIP UDP port's reader thread failed (${err.message})`));
    w.on('exit', (code) => this.lost(w, `the SIP UDP port's reader thread stopped (exit code ${code})`));
  }

  private receive(m: FromReader): void {
    if (m.t === 'in') {
      if (m.dropped) this.noteDropped(m.dropped);
      if (this.closed) return;
      this.batch = m.batch;
      this.next = 0;
      this.offset = 0;
      this.runTurn();
    } else if (m.t === 'send-failed') {
      const peer: SipAddress = { transport: 'UDP', address: m.address, port: m.port };
      this.emit({ type: 'send-failed', transport: 'UDP', peer, text: `sending to ${describeAddress(peer)} failed: ${m.message}` });
    }
  }

  private readonly runTurn = (): void => {
    const b = this.batch;
    if (!b || this.closed) return;
    const end = Math.min(b.lengths.length, this.next + TURN_DATAGRAMS);
    this.inTurn = true;
    try {
      while (this.next < end) {
        const len = b.lengths[this.next];
        const raw = Buffer.copyBytesFrom(b.bytes, this.offset, len);
        this.offset += len;
        this.deliver({
          raw,
          source: { transport: 'UDP', address: b.addresses[this.next], port: b.ports[this.next] },
          local: this.local,
          datagramLength: len,
        });
        this.next++;
      }
    } finally {
      this.inTurn = false;
    }
    const done = this.next >= b.lengths.length;
    if (done) this.batch = null;
    if (this.out.count > 0 || done) this.post({ t: 'out', batch: this.out.take(), done });
    if (!done) setImmediate(this.runTurn);
  };

  private readonly flushSends = (): void => {
    this.flushQueued = false;
    if (this.out.count > 0 && !this.closed) this.post({ t: 'out', batch: this.out.take(), done: false });
  };

  private post(m: ToReader): void {
    this.worker.postMessage(m);
  }

  private noteDropped(n: number): void {
    this.dropped += n;
    this.unreportedDrops += n;
    const now = Date.now();
    if (now - this.lastDropReport < DROP_REPORT_MS) return;
    this.lastDropReport = now;
    const text =
      `the SIP UDP port on ${this.local.address}:${this.local.port} dropped ${this.unreportedDrops} datagrams: ` +
      `more arrived than the server could handle (a registration storm?); the devices will send them again`;
    this.unreportedDrops = 0;
    this.emit({ type: 'error', transport: 'UDP', text });
  }

  /** The reader thread died: the port is closed with it, so a new reader binds it again. */
  private lost(w: Worker, text: string): void {
    if (this.worker !== w || this.closed) return;
    this.batch = null;
    this.emit({ type: 'error', transport: 'UDP', text: `${text}; opening ${this.local.address}:${this.local.port} again` });
    const retry = (): void => {
      if (this.closed) return;
      startReader(this.data).then(
        ({ worker }) => {
          if (this.closed) return void worker.terminate();
          this.worker = worker;
          this.attach(worker);
        },
        (err: Error) => {
          this.emit({ type: 'error', transport: 'UDP', text: `cannot open the SIP UDP port ${this.local.address}:${this.local.port} again: ${err.message}` });
          setTimeout(retry, RESPAWN_MS).unref();
        },
      );
    };
    setTimeout(retry, RESPAWN_MS).unref();
  }
}

/** Starts a reader thread and waits until it has bound the port (or failed to). */
function startReader(data: ReaderThreadData): Promise<{ worker: Worker; bound: Extract<FromReader, { t: 'bound' }> }> {
  const { source, evalCode } = workerSource(import.meta.url, 'worker.ts', READER_BUNDLE);
  const what = `cannot open UDP port ${data.port} on ${data.address}`;
  return new Promise((resolve, reject) => {
    let w: Worker;
    try {
      w = new Worker(source, { eval: evalCode, workerData: data, resourceLimits: readerThreadLimits });
    } catch (err) {
      return reject(bindError(what, err as Error));
    }
    const onMessage = (m: FromReader) => {
      if (m.t === 'bound') {
        settle();
        resolve({ worker: w, bound: m });
      } else if (m.t === 'bind-failed') {
        settle();
        void w.terminate();
        reject(bindError(what, Object.assign(new Error(m.message), { code: m.code })));
      }
    };
    const onError = (err: Error) => {
      settle();
      reject(bindError(what, err));
    };
    const onExit = (code: number) => {
      settle();
      reject(bindError(what, new Error(`the reader thread stopped (exit code ${code})`)));
    };
    const settle = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}
