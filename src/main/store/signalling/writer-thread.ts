// The main thread's handle on the signalling log's writer thread (write-worker.ts): hands batches over, routes
// acknowledgements and stored messages back, and turns flush/prune/close into promises. If the thread dies, its
// unacknowledged messages count as shed, and a new one starts a few seconds later.
import type { HeapCollected } from '../../process/heap';
import { Worker } from 'node:worker_threads';
import { handOffThreadLimits } from '../../process/thread-limits';
import type { LogMessage } from '../../../shared/types/signalling';
import type { PruneResult, RetentionLimits } from './retention';
import type { FromWriter, ToWriter, WriterThreadData } from './writer-protocol';
import { workerSource } from '../../process/worker-source';

/** Output name of the bundled entry (electron.vite.config.ts builds write-worker.ts under this name). */
export const WRITER_BUNDLE = 'signalling-writer.js';
const RESTART_MS = 5000;

export interface WriterThreadEvents {
  /** The thread took `count` messages (`bytes` of batch buffers, `spooled` from the spool file); `stored`/`dropped`/`queued` are its totals. */
  onAck(a: { count: number; bytes: number; spooled: number; stored: number; dropped: number; queued: number }): void;
  onStored?(messages: LogMessage[]): void;
  onError(text: string): void;
  /** The thread died: messages handed over and not acknowledged are lost. */
  onLost(): void;
}

export class WriterThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (m: Extract<FromWriter, { t: 'done' }>) => void; reject: (e: Error) => void }>();
  private closing = false;
  private markReady: () => void = () => {};
  /** Resolves once the thread has opened its connection (at start-up: its code is loaded and compiled). */
  readonly ready: Promise<void>;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    private readonly data: WriterThreadData,
    private readonly events: WriterThreadEvents,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.start();
  }

  get alive(): boolean {
    return this.worker !== null;
  }

  private start(): void {
    const { source, evalCode } = workerSource(import.meta.url, 'write-worker.ts', WRITER_BUNDLE);
    const w = new Worker(source, { eval: evalCode, workerData: this.data, resourceLimits: handOffThreadLimits });
    w.on('message', (m: FromWriter) => this.receive(m));
    w.on('error', (err) => this.lost(w, `signalling log: the writer thread failed (${err.message}); restarting it`));
    w.on('exit', (code) => {
      if (!this.closing) return this.lost(w, `signalling log: the writer thread stopped (exit code ${code}); restarting it`);
      for (const p of this.waiting.values()) p.reject(new Error(`signalling log: the writer thread ended (exit code ${code})`));
      this.waiting.clear();
    });
    w.unref();
    this.worker = w;
  }

  private lost(w: Worker, text: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    void w.terminate();
    for (const p of this.waiting.values()) p.reject(new Error(text));
    this.waiting.clear();
    this.events.onLost();
    this.events.onError(text);
    if (!this.closing) {
      this.restart = setTimeout(() => {
        this.restart = null;
        if (!this.closing) this.start();
      }, RESTART_MS);
      this.restart.unref();
    }
  }

  private receive(m: FromWriter): void {
    switch (m.t) {
      case 'stored':
        this.events.onAck(m);
        if (m.messages && m.messages.length > 0) this.events.onStored?.(m.messages);
        return;
      case 'error':
        return this.events.onError(m.text);
      case 'ready':
        return this.markReady();
      case 'done': {
        const p = this.waiting.get(m.seq);
        this.waiting.delete(m.seq);
        return p?.resolve(m);
      }
    }
  }

  /** Hands a batch over (transferring its buffer). False when there is no thread to take it. */
  send(buf: ArrayBuffer, end: number, count: number, heldMs = 0): boolean {
    if (!this.worker) return false;
    const m: ToWriter = { t: 'batch', buf, end, count, heldMs };
    this.worker.postMessage(m, [buf]);
    return true;
  }

  /** Tells the thread a batch waits in the spool file. False when there is no thread to take it. */
  sendSpooled(at: number, end: number, count: number): boolean {
    if (!this.worker) return false;
    this.worker.postMessage({ t: 'spooled', at, end, count } satisfies ToWriter);
    return true;
  }

  private request(m: ToWriter & { seq: number }): Promise<Extract<FromWriter, { t: 'done' }>> {
    if (!this.worker) return Promise.reject(new Error('signalling log: the writer thread is not running'));
    const w = this.worker;
    // Referenced while an answer is awaited, so the process does not end before the thread has stored everything.
    w.ref();
    const done = new Promise<Extract<FromWriter, { t: 'done' }>>((resolve, reject) => this.waiting.set(m.seq, { resolve, reject }));
    w.postMessage(m);
    return done.finally(() => {
      if (this.waiting.size === 0 && this.worker === w) w.unref();
    });
  }

  /** Whether stored messages come back for the live tail (a thread started later starts the same way). */
  setTail(on: boolean): void {
    this.data.tail = on;
    this.worker?.postMessage({ t: 'tail', on } satisfies ToWriter);
  }

  /** One compacting collection of the thread's heap (after a storm); null without a thread. */
  async collectHeap(): Promise<HeapCollected | null> {
    if (!this.worker) return null;
    return (await this.request({ t: 'collect', seq: ++this.seq })).heap ?? null;
  }

  /** Resolves once everything handed over before it is stored. */
  async flush(): Promise<void> {
    await this.request({ t: 'flush', seq: ++this.seq });
  }

  async prune(now: number, limits: RetentionLimits, maxBatches: number | null): Promise<PruneResult> {
    const r = await this.request({ t: 'prune', seq: ++this.seq, now, limits, maxBatches });
    if (r.error) throw new Error(r.error);
    return r.result!;
  }

  /** Stores what was handed over, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    if (this.restart) clearTimeout(this.restart);
    const w = this.worker;
    if (!w || this.closing) {
      this.closing = true;
      return;
    }
    this.closing = true;
    try {
      await this.request({ t: 'close', seq: ++this.seq });
    } finally {
      this.worker = null;
      await w.terminate();
    }
  }
}
