// The device tables of the console's SQLite file, written by a thread of their own (device-write-worker.ts) on its
// own connection (WAL): a registration storm's transactions and row encoding leave the SIP thread, which only copies
// each batch into a message. Reads stay on this thread's connection; each waits for the commits handed over before
// it, and the writer answers only once its transaction has committed, so a read sees them. If the thread dies, the
// batches it had not confirmed and every later one are written on this thread's connection.
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { registrationParams } from '../devices/device-repo';
import type { HeapCollected } from '../../process/heap';
import { handOffThreadLimits } from '../../process/thread-limits';
import type { DeviceChange, DeviceEngine, DeviceSnapshot } from '../engine';
import { workerSource } from '../../process/worker-source';
import { SqliteDeviceEngine } from './device-engine';
import { NOT_STORED, type DeviceWriterData, type FromDeviceWriter, type ToDeviceWriter, type WriteError, type WriterChange } from './device-writer-protocol';

/** Output name of the bundled entry (electron.vite.config.ts builds device-write-worker.ts under this name). */
export const DEVICE_WRITER_BUNDLE = 'device-writer.js';

interface Pending {
  changes: readonly DeviceChange[];
  resolve: (errors: Error[]) => void;
}

const errorFrom = ({ message, ...fields }: WriteError): Error => Object.assign(new Error(message), fields);

export class ThreadedDeviceEngine implements DeviceEngine {
  /** This thread's connection: reads, and writes once the writer thread is gone. */
  private readonly local: SqliteDeviceEngine;
  private worker: Worker | null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** The latest commit handed over (commits settle in order and never reject). */
  private last: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  /** Why the writer thread is gone, told with the next batch's errors. */
  private notice: string | null = null;
  /** Devices known to be stored (this engine is the file's only writer): their registrations send only those columns. */
  private readonly stored = new Set<string>();
  private collected: ((heap: HeapCollected | null) => void) | null = null;
  private collecting: Promise<HeapCollected | null> | null = null;

  constructor(db: Database.Database) {
    this.local = new SqliteDeviceEngine(db);
    this.worker = this.start(db.name);
  }

  /** The writer thread; null once it has ended. */
  get thread(): Worker | null {
    return this.worker;
  }

  private start(file: string): Worker {
    const { source, evalCode } = workerSource(import.meta.url, 'device-write-worker.ts', DEVICE_WRITER_BUNDLE);
    const data: DeviceWriterData = { file };
    const w = new Worker(source, { eval: evalCode, workerData: data, resourceLimits: handOffThreadLimits });
    w.on('message', (m: FromDeviceWriter) => this.receive(w, m));
    w.on('error', (err) => this.lost(w, `failed (${err.message})`));
    w.on('exit', (code) => this.lost(w, `stopped (exit code ${code})`));
    // Referenced only while a commit is awaited, so an idle engine does not keep the process alive.
    w.unref();
    return w;
  }

  async loadAll(): Promise<DeviceSnapshot> {
    await this.last;
    const snapshot = await this.local.loadAll();
    for (const d of snapshot.devices) this.stored.add(d.deviceId);
    return snapshot;
  }

  async loadDevice(deviceId: string) {
    await this.last;
    const found = await this.local.loadDevice(deviceId);
    if (found) this.stored.add(deviceId);
    return found;
  }

  async recentEvents(deviceId: string, limit: number) {
    await this.last;
    return this.local.recentEvents(deviceId, limit);
  }

  collectHeap(): Promise<HeapCollected | null> {
    const w = this.worker;
    if (!w || this.closing) return Promise.resolve(null);
    this.collecting ??= new Promise<HeapCollected | null>((resolve) => {
      this.collected = resolve;
      w.ref();
      w.postMessage({ t: 'collect' } satisfies ToDeviceWriter);
    }).finally(() => {
      this.collecting = null;
      if (this.pending.size === 0 && this.worker === w) w.unref();
    });
    return this.collecting;
  }

  commit(changes: readonly DeviceChange[]): Promise<Error[]> {
    if (this.closing) return Promise.resolve([new Error(`device store: closed; ${changes.length} changes were not saved`)]);
    const w = this.worker;
    if (!w) return Promise.resolve(this.withNotice(this.local.commitNow(changes)));
    const seq = ++this.seq;
    const m: ToDeviceWriter = { t: 'commit', seq, changes: changes.map((c) => this.toWriter(c)) };
    try {
      // Copies the batch now: the caller goes on changing its records.
      w.postMessage(m);
    } catch (err) {
      return Promise.resolve([new Error(`device store: a batch of ${changes.length} changes could not be handed to the writer thread (${(err as Error).message})`)]);
    }
    w.ref();
    const done = new Promise<Error[]>((resolve) => this.pending.set(seq, { changes, resolve }));
    this.last = done;
    return done;
  }

  private toWriter(c: DeviceChange): WriterChange {
    switch (c.type) {
      case 'registration':
        if (this.stored.has(c.device.deviceId)) return { type: 'registration-columns', params: registrationParams(c.device) };
        this.stored.add(c.device.deviceId);
        return c;
      case 'device':
        this.stored.add(c.device.deviceId);
        return c;
      case 'remove-device':
        this.stored.delete(c.deviceId);
        return c;
      default:
        return c;
    }
  }

  private receive(w: Worker, m: FromDeviceWriter): void {
    if (m.t === 'collected') {
      this.collected?.(m.heap);
      this.collected = null;
      return;
    }
    const p = this.pending.get(m.seq);
    this.pending.delete(m.seq);
    if (this.pending.size === 0) w.unref();
    for (const e of m.errors) if (e.code === NOT_STORED && e.deviceId !== undefined) this.stored.delete(e.deviceId);
    p?.resolve(m.errors.map(errorFrom));
  }

  /**
   * The thread is gone: the batches it had not confirmed are written here, in order (a batch it committed just
   * before dying is written again: upserts and deletes come out the same, an event may be listed twice).
   */
  private lost(w: Worker, why: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    void w.terminate();
    this.notice = `device store: the writer thread ${why}; the main thread writes the device tables from now on`;
    this.collected?.(null);
    this.collected = null;
    for (const p of this.pending.values()) p.resolve(this.withNotice(this.local.commitNow(p.changes)));
    this.pending.clear();
  }

  private withNotice(errors: Error[]): Error[] {
    if (this.notice === null) return errors;
    const notice = new Error(this.notice);
    this.notice = null;
    return [notice, ...errors];
  }

  /** Waits for the commits handed over, then ends the writer thread (its connection closed). */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.last;
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    w.ref();
    const exited = new Promise((resolve) => w.once('exit', resolve));
    const m: ToDeviceWriter = { t: 'close' };
    w.postMessage(m);
    await exited;
  }
}
