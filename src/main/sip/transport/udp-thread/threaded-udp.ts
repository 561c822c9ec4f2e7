// The UDP transport with its socket on a thread of its own (socket-worker.ts), as the shipped server runs its SIP
// port: that thread reads at once, so the kernel's receive buffer (208 KiB unless an administrator raised
// net.core.rmem_max) no longer has to hold a burst for as long as the main thread is busy (docs/protocol.md §15).
// Here the datagrams are handled in turns of at most the read budget, and what is sent in a turn goes to the
// socket's thread together at its end. The thread is restarted on the same port if it ever dies.
import { Worker } from 'node:worker_threads';
import type { SipAddress, SipMessage } from '../../message/types';
import { Deque } from '../../../../shared/deque';
import { workerSource } from '../../../process/worker-source';
import { handOffThreadLimits } from '../../../process/thread-limits';
import { TransportBase } from '../base';
import { DEFAULT_READ_PACING, readPacingOptions } from '../read-pacing';
import { DEFAULT_RECV_BUFFER } from '../recv-buffer';
import type { UdpListenOptions } from '../udp';
import { bindError, describeAddress, type Transport, type TransportEndpoint } from '../transport';
import { datagramAt, packDatagrams, type Datagram } from './datagram-batch';
import type { FromSocketThread, SocketThreadData, ToSocketThread } from './protocol';

/** Output name of the bundled entry (electron.vite.config.ts builds socket-worker.ts under this name). */
export const SOCKET_THREAD_BUNDLE = 'sip-udp-socket.js';

/**
 * Received and not yet handled, at most: about 25,000 small datagrams, two seconds of a 10,000-camera site's
 * storm, where the kernel's 4 MiB holds about 1,800 (it counts each small datagram as 2.3 KB).
 */
export const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;
const RESTART_MS = 1000;
const DROPS_SAID_EVERY_MS = 1000;

/** As the in-thread transport's, but the socket's thread paces its reading by the system clock. */
export interface ThreadedUdpOptions extends Omit<UdpListenOptions, 'clock'> {
  maxQueuedBytes?: number;
}

interface Waiting {
  to: SipAddress;
  resolve(): void;
  reject(err: Error): void;
}

export class ThreadedUdpTransport extends TransportBase implements Transport {
  readonly name = 'UDP' as const;
  readonly reliable = false;
  private worker: Worker | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly queued: Int32Array;
  /** Received batches (datagram-batch.ts) not yet handled, oldest first, and where in the first one handling goes on. */
  private readonly inbox: Buffer[] = [];
  private inboxAt = 0;
  private drainScheduled = false;
  private outbox: Datagram[] = [];
  private flushScheduled = false;
  /** Sends handed over and not yet done, in sequence order from `firstWaitingSeq`. */
  private readonly waiting = new Deque<Waiting>();
  private firstWaitingSeq = 0;
  private nextSeq = 0;
  private readonly turnBudgetMs: number;
  /** Datagrams refused since start because the main thread was too far behind. */
  dropped = 0;
  private droppedUnsaid = 0;
  private dropQuiet: NodeJS.Timeout | null = null;

  private constructor(
    private readonly data: SocketThreadData,
    readonly local: TransportEndpoint,
    /** The receive buffer asked for and what the kernel reports it granted. */
    readonly recvBuffer: { asked: number; granted: number },
  ) {
    super();
    this.queued = new Int32Array(data.queued);
    this.turnBudgetMs = data.pacing ? data.pacing.turnBudgetMs : DEFAULT_READ_PACING.turnBudgetMs;
  }

  static async listen(opts: ThreadedUdpOptions = {}): Promise<ThreadedUdpTransport> {
    const address = opts.address ?? '0.0.0.0';
    const data: SocketThreadData = {
      address,
      port: opts.port ?? 0,
      recvBufferBytes: opts.recvBufferBytes ?? DEFAULT_RECV_BUFFER,
      pacing: opts.pacing ? readPacingOptions(opts.pacing) : false,
      maxQueuedBytes: opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
      queued: new SharedArrayBuffer(4),
    };
    const { worker, bound } = await startThread(data, `cannot open UDP port ${data.port} on ${address}`);
    const t = new ThreadedUdpTransport({ ...data, port: bound.port }, { address: bound.address, port: bound.port }, { asked: data.recvBufferBytes, granted: bound.granted });
    t.adopt(worker);
    return t;
  }

  private adopt(worker: Worker): void {
    this.worker = worker;
    worker.on('message', (m: FromSocketThread) => this.receive(m));
    worker.on('error', (err) => this.lost(worker, `the SIP UDP thread of ${this.where} failed (${err.message}); restarting it`));
    worker.on('exit', (code) => this.lost(worker, `the SIP UDP thread of ${this.where} stopped (exit code ${code}); restarting it`));
  }

  private get where(): string {
    return `${this.local.address}:${this.local.port}`;
  }

  private receive(m: FromSocketThread): void {
    switch (m.t) {
      case 'in':
        return this.received(m.batch, m.dropped);
      case 'sent':
        return this.settle(m.upTo, m.failures);
      case 'error':
        return this.emit({ type: 'error', transport: 'UDP', text: `UDP socket on ${this.where}: ${m.message}` });
    }
  }

  private received(batch: Uint8Array, dropped: number): void {
    if (dropped > 0) this.noteDropped(dropped);
    if (batch.byteLength === 0) return;
    // Read entry by entry as they are handled: what waits is the batches' bytes, which the bound counts.
    this.inbox.push(Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength));
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drain);
    }
  }

  /** Drops are said at once, then at most once a second (a flood would otherwise say it with every batch). */
  private noteDropped(n: number): void {
    this.dropped += n;
    this.droppedUnsaid += n;
    if (this.dropQuiet) return;
    this.sayDropped();
    this.dropQuiet = setTimeout(() => {
      this.dropQuiet = null;
      if (this.droppedUnsaid > 0) this.sayDropped();
    }, DROPS_SAID_EVERY_MS);
    this.dropQuiet.unref();
  }

  private sayDropped(): void {
    const n = this.droppedUnsaid;
    this.droppedUnsaid = 0;
    this.emit({
      type: 'error',
      transport: 'UDP',
      text: `the SIP UDP port ${this.where} dropped ${n} datagrams: ${sizeText(this.data.maxQueuedBytes)} received were still waiting to be handled`,
    });
  }

  /** Handles what waits for at most the read budget; the rest waits for the next turn, beside the console's requests. */
  private readonly drain = (): void => {
    this.drainScheduled = false;
    const started = performance.now();
    let bytes = 0;
    while (this.inbox.length > 0 && !this.closed) {
      const batch = this.inbox[0];
      const d = datagramAt(batch, this.inboxAt);
      bytes += d.next - this.inboxAt;
      this.inboxAt = d.next;
      if (this.inboxAt >= batch.length) {
        this.inbox.shift();
        this.inboxAt = 0;
      }
      this.deliver({ raw: d.raw, source: { transport: 'UDP', address: d.address, port: d.port }, local: this.local, datagramLength: d.raw.length });
      if (performance.now() - started >= this.turnBudgetMs) break;
    }
    Atomics.sub(this.queued, 0, bytes);
    this.flushSends();
    if (this.inbox.length > 0 && !this.closed && !this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drain);
    }
  };

  send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    const raw = this.toBytes(data);
    if (this.closed) return Promise.reject(new Error(`UDP transport closed; cannot send to ${describeAddress(to)}`));
    if (to.address.length > 255) return Promise.reject(new Error(`cannot send to ${describeAddress(to)}: the address is too long`));
    this.report('out', raw, this.local, to);
    return new Promise((resolve, reject) => {
      this.outbox.push({ raw, address: to.address, port: to.port });
      this.waiting.push({ to, resolve, reject });
      this.nextSeq++;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flushSends);
      }
    });
  }

  /** What this turn sent goes to the socket's thread as one batch. */
  private readonly flushSends = (): void => {
    this.flushScheduled = false;
    const out = this.outbox;
    if (out.length === 0 || !this.worker) return;
    this.outbox = [];
    const batch = packDatagrams(out);
    this.post({ t: 'send', batch, firstSeq: this.nextSeq - out.length }, [batch.buffer as ArrayBuffer]);
  };

  private post(m: ToSocketThread, transfer?: ArrayBuffer[]): void {
    this.worker?.postMessage(m, transfer);
  }

  /** Every send up to `upTo` is done. */
  private settle(upTo: number, failures: Array<{ seq: number; message: string }>): void {
    let f = 0;
    for (let w = this.waiting.peek(); this.firstWaitingSeq <= upTo && w; w = this.waiting.peek()) {
      this.waiting.shift();
      const seq = this.firstWaitingSeq++;
      if (f < failures.length && failures[f].seq === seq) this.failed(w, failures[f++].message);
      else w.resolve();
    }
  }

  private failed(w: Waiting, reason: string): void {
    const text = `sending to ${describeAddress(w.to)} failed: ${reason}`;
    this.emit({ type: 'send-failed', transport: 'UDP', peer: w.to, text });
    w.reject(new Error(text));
  }

  /** The thread died: sends it had not done fail, and a new one binds the same port a moment later. */
  private lost(worker: Worker, text: string): void {
    if (this.worker !== worker || this.closed) return;
    this.worker = null;
    void worker.terminate();
    this.emit({ type: 'error', transport: 'UDP', text });
    this.outbox = [];
    for (let w = this.waiting.shift(); w; w = this.waiting.shift()) this.failed(w, 'the SIP UDP thread stopped');
    this.firstWaitingSeq = this.nextSeq;
    // A batch the thread posted may have died with it: what waits is what the inbox still holds.
    let waiting = -this.inboxAt;
    for (const b of this.inbox) waiting += b.length;
    Atomics.store(this.queued, 0, waiting);
    const timer = setTimeout(() => void this.restart(), RESTART_MS);
    timer.unref();
  }

  private async restart(): Promise<void> {
    if (this.closed) return;
    try {
      const { worker } = await startThread({ ...this.data, port: this.local.port }, `cannot open UDP port ${this.local.port} again`);
      if (this.closed) return void worker.terminate();
      this.adopt(worker);
      this.flushSends();
    } catch (err) {
      this.emit({ type: 'error', transport: 'UDP', text: (err as Error).message });
      const timer = setTimeout(() => void this.restart(), RESTART_MS);
      timer.unref();
    }
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.flushSends();
    this.closed = true;
    if (this.dropQuiet) clearTimeout(this.dropQuiet);
    const worker = this.worker;
    this.worker = null;
    this.closing = worker
      ? new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.postMessage({ t: 'close' } satisfies ToSocketThread);
        })
      : Promise.resolve();
    return this.closing;
  }
}

const sizeText = (bytes: number): string => (bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MiB` : `${Math.round(bytes / 1024)} KiB`);

function startThread(data: SocketThreadData, what: string): Promise<{ worker: Worker; bound: Extract<FromSocketThread, { t: 'bound' }> }> {
  const { source, evalCode } = workerSource(import.meta.url, 'socket-worker.ts', SOCKET_THREAD_BUNDLE);
  const worker = new Worker(source, { eval: evalCode, workerData: data, resourceLimits: handOffThreadLimits });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      worker.off('message', first);
      worker.off('exit', exited);
      void worker.terminate();
      reject(bindError(what, err));
    };
    const exited = (code: number) => fail(new Error(`its thread stopped (exit code ${code})`));
    const first = (m: FromSocketThread) => {
      if (m.t === 'bound') {
        worker.off('error', fail);
        worker.off('exit', exited);
        worker.off('message', first);
        resolve({ worker, bound: m });
      } else if (m.t === 'bind-failed') fail(Object.assign(new Error(m.message), { code: m.code }));
    };
    worker.on('message', first);
    worker.once('error', fail);
    worker.once('exit', exited);
  });
}
