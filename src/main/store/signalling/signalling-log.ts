// The signalling log as one object for the composition root: a tap for the SIP stack, the read/export
// operations behind the log.* API methods, the live tail, retention in the background and messages/s.
// With writeOn 'worker' (what ships) the SIP thread only copies each message into a bounded batch (tap-queue.ts);
// a writer thread with its own connection stores it and runs retention, and this thread's connection reads.
import type Database from 'better-sqlite3';
import type { LogMessage } from '../../../shared/types/signalling';
import type { HeapCollected } from '../../process/heap';
import type { SignallingTap } from '../../sip/tap';
import { readerSource } from './export';
import { startLogChores } from './log-chores';
import { daysAtLimitOf, type LogEngineOptions, type SignallingLog } from './log-engine';
import { SignallingCodes } from './codes';
import { SignallingReader } from './reader';
import { Retention, estimateDiskBytes, type PruneResult, type RetentionLimits } from './retention';
import { TOTALS_TABLE } from './rows';
import { StoredMessages } from './stored-messages';
import { TapQueue, type TapQueueOptions } from './tap-queue';
import { SpoolWriter } from './spool-file';
import { SignallingWriter, type WriterOptions } from './writer';
import { WriterThread } from './writer-thread';

const DAY_MS = 86_400_000;

export type { SignallingLog, SignallingLogStats } from './log-engine';

export interface SignallingLogOptions extends LogEngineOptions {
  db: Database.Database;
  writer?: Omit<WriterOptions, 'onStored' | 'onError' | 'codes' | 'stored'>;
  /**
   * 'worker': messages are stored by a writer thread with its own connection to db's file (the tap only copies);
   * 'caller' (default): stored on this thread, flush() and prune() finish before they return (tests).
   */
  writeOn?: 'worker' | 'caller';
  /** Bound of the SIP thread's hand-over queue (writeOn 'worker'). */
  handOver?: TapQueueOptions;
  /** Bytes the spool file next to the database may hold (writeOn 'worker'; 0: no spool, messages past the bound are shed). */
  spoolMaxBytes?: number;
}

/** The SQLite engine's log: its reader stays reachable for the benchmarks and tests that read synchronously. */
export interface SqliteSignallingLog extends SignallingLog {
  reader: SignallingReader;
}

/** How the log's messages reach the database: on this thread, or handed to a writer thread. */
interface WritePath {
  tap: SignallingTap;
  counts(): { received: number; stored: number; dropped: number; queued: number; behindMs?: number };
  /** Stores some of what waits, on the log's flush timer (absent: the path paces itself). */
  flushSome?(): void;
  flush(): Promise<void>;
  prune(now: number, limits: RetentionLimits, maxBatches: number | undefined): Promise<PruneResult>;
  close(): Promise<void>;
  ready?: Promise<void>;
  collectHeap?(): Promise<HeapCollected | null>;
  /** Stops or restarts sending stored messages back from where they are stored. */
  tail?(on: boolean): void;
}

export function createSignallingLog(opts: SignallingLogOptions): SqliteSignallingLog {
  const onError = opts.onError ?? (() => {});
  let tailOn = true;
  // Called only once the tap has taken messages, after the chores below have started.
  const onStored = opts.onBatch
    ? (m: LogMessage[]) => {
        if (tailOn) chores.stored(m);
      }
    : undefined;
  const onReceived = () => chores.rate.add();
  const path: WritePath & { reader?: SignallingReader } = opts.writeOn === 'worker' ? workerPath(opts, onStored, onError, onReceived) : callerPath(opts, onStored, onError, onReceived);
  // With a writer thread this connection only reads: its dictionaries follow the writer's (codes.refresh()).
  const reader = opts.writeOn === 'worker' ? new SignallingReader(opts.db, { related: opts.relatedIds }) : path.reader!;
  const totals = opts.db.prepare<[], { messages: number; stored: number; indexed: number }>(
    `SELECT messages, stored_bytes AS stored, indexed FROM ${TOTALS_TABLE} WHERE id = 1`,
  );
  const estimatedBytes = () => estimateDiskBytes(totals.get()!);
  const prune = (maxBatches?: number): Promise<PruneResult> => path.prune(chores.now(), opts.settings(), maxBatches);
  const chores = startLogChores(opts, { flushSome: path.flushSome, prune: () => prune() });
  const now = chores.now;

  /** Recomputed at most once a minute (server.stats asks every second). */
  let days: { at: number; value: number | null } | null = null;
  const daysAtLimit = (): number | null => {
    const t = now();
    if (!days || t - days.at >= 60_000 || t < days.at) days = { at: t, value: computeDaysAtLimit() };
    return days.value;
  };

  /** Messages per day over the stored last day (or the stored span when shorter, at least ten minutes). */
  const computeDaysAtLimit = (): number | null => {
    const t = now();
    const span = reader.idRangeForTime(t - DAY_MS, undefined);
    const last = reader.lastId();
    const { messages } = reader.totals();
    if (!span || last === 0 || messages === 0) return null;
    // The range starts at a block, whose first messages retention may already have deleted.
    const first = reader.rows({}, { order: 'asc', after: span.lo - 1, limit: 1 }, Number.POSITIVE_INFINITY).messages[0];
    const from = first && { seq: first.row.id, time: first.summary.time };
    return daysAtLimitOf(t, from, last, estimatedBytes() / messages, opts.settings().logMaxMb * 1024 * 1024);
  };
  let closed = false;

  return {
    tap: path.tap,
    reader,
    query: async (q) => {
      // A first page shows what the server has received so far: a console that opens the log just after a
      // registration would otherwise query before the trickle is stored, and start its live tail after it was.
      if (q.before === undefined) await settledWithin(path.flush(), FRESH_QUERY_WAIT_MS);
      return reader.query(q);
    },
    get: async (id) => reader.get(id),
    call: async (callId, near) => reader.call(callId, { near }),
    export: (filter, format) => chores.export(readerSource(reader), filter, format),
    messagesPerSec: () => chores.rate.perSecond(),
    stats: () => ({
      ...path.counts(),
      ...reader.totals(),
      diskBytes: estimatedBytes(),
      daysAtLimit: daysAtLimit(),
    }),
    flush: () => path.flush(),
    prune: (maxBatches) => prune(maxBatches),
    collectHeap: async () => (path.collectHeap ? path.collectHeap() : null),
    liveTail: (on) => {
      if (!onStored || on === tailOn) return;
      tailOn = on;
      path.tail?.(on);
    },
    ready: async (timeoutMs = 10_000) => {
      if (path.ready) await settledWithin(path.ready, timeoutMs);
    },
    async close() {
      if (closed) return;
      closed = true;
      chores.stopTimers();
      // The live tail takes what the last flush stores, then closes.
      try {
        await path.close();
      } catch (err) {
        onError(`signalling log: could not store the last messages (${(err as Error).message})`);
      }
      chores.stop();
    },
  };
}

/** Messages stored on the calling thread, through db. */
function callerPath(opts: SignallingLogOptions, onStored: ((m: LogMessage[]) => void) | undefined, onError: (text: string) => void, onReceived: () => void): WritePath & { reader: SignallingReader } {
  const codes = new SignallingCodes(opts.db);
  const stored = new StoredMessages(opts.db);
  const writer = new SignallingWriter(opts.db, { ...opts.writer, codes, stored, onStored, onError }, onReceived);
  const retention = new Retention(opts.db, codes, stored);
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return {
    tap: writer,
    reader: new SignallingReader(opts.db, { codes, stored, related: opts.relatedIds }),
    counts: () => ({ received: writer.received, stored: writer.stored, dropped: writer.dropped, queued: writer.queued }),
    flushSome: () => writer.flushSome(),
    flush: () => run(() => writer.flush()),
    prune: (now, limits, maxBatches) => run(() => retention.prune(now, limits, maxBatches)),
    close: () => run(() => writer.stop()),
  };
}

/** Messages copied on the calling thread and stored by a writer thread with its own connection. */
function workerPath(opts: SignallingLogOptions, onStored: ((m: LogMessage[]) => void) | undefined, onError: (text: string) => void, onReceived: () => void): WritePath {
  const remote = { stored: 0, dropped: 0, queued: 0 };
  /** Since when (performance.now()) the writer holds messages it took but could not store (the database refused). */
  let remoteWaitingSince: number | null = null;
  let queue: TapQueue | null = null;
  const onDisk = opts.db.name !== '' && opts.db.name !== ':memory:';
  const spool = onDisk && opts.spoolMaxBytes !== 0 ? new SpoolWriter(`${opts.db.name}.spool`, opts.spoolMaxBytes) : null;
  const thread = new WriterThread(
    {
      file: opts.db.name,
      writer: { maxQueue: opts.writer?.maxQueue, maxPerTransaction: opts.writer?.maxPerTransaction ?? 500, compressLevel: opts.writer?.compressLevel },
      tail: onStored !== undefined,
      retryMs: 1000,
      spoolFile: spool?.file ?? null,
    },
    {
      onAck: (a) => {
        // What the writer still holds includes the oldest it took: it has waited at least that long.
        if (a.queued === 0) remoteWaitingSince = null;
        else remoteWaitingSince ??= performance.now() - queue!.oldestWaitingMs();
        queue!.acknowledge(a.count, a.bytes, a.spooled);
        // Everything spooled is stored: the file starts again empty.
        if (queue!.spilled === 0) spool?.empty();
        Object.assign(remote, { stored: a.stored, dropped: a.dropped, queued: a.queued });
      },
      onStored,
      onError,
      onLost: () => {
        remoteWaitingSince = null;
        queue!.lose();
        spool?.empty();
      },
    },
  );
  let spoolFailed = false;
  /** A batch past the SIP thread's bounds goes to the spool file; false when it cannot (it is shed). */
  const toSpool = (buf: ArrayBuffer, end: number, count: number): boolean => {
    if (!spool || !thread.alive) return false;
    let at: number | null;
    try {
      at = spool.append(buf, end);
    } catch (err) {
      if (!spoolFailed) onError(`signalling log: cannot write the spool file ${spool.file} (${(err as Error).message}); messages the writer cannot keep up with are shed`);
      spoolFailed = true;
      return false;
    }
    spoolFailed = false;
    return at !== null && thread.sendSpooled(at, end, count);
  };
  queue = new TapQueue(
    (buf, end, count, heldMs) => {
      if (thread.send(buf, end, count, heldMs)) return;
      // No writer thread right now (it is restarting): the batch is shed.
      queue!.acknowledge(count, end);
      queue!.dropped += count;
    },
    // With timers on, a trickle is held until it is due (about a second), a storm's batches go every tick.
    { pace: opts.timers === false ? 'turn' : 'held', tickMs: opts.flushIntervalMs, overflow: toSpool, ...opts.handOver },
    onReceived,
  );
  const q = queue;
  return {
    tap: q,
    counts: () => ({
      received: q.received,
      stored: remote.stored,
      dropped: q.dropped + remote.dropped,
      queued: q.queued + remote.queued,
      behindMs: Math.round(Math.max(q.oldestWaitingMs(), remoteWaitingSince === null ? 0 : performance.now() - remoteWaitingSince)),
    }),
    ready: thread.ready,
    flush: async () => {
      q.handOver();
      await thread.flush();
    },
    prune: (now, limits, maxBatches) => thread.prune(now, limits, maxBatches ?? null),
    collectHeap: () => thread.collectHeap(),
    tail: (on) => thread.setTail(on),
    close: async () => {
      q.stop();
      await thread.close();
      spool?.close();
    },
  };
}

/** How long a first-page query waits for what the log holds back to be stored (a storm's backlog may take longer). */
const FRESH_QUERY_WAIT_MS = 200;

/** Waits for `p` (its failure ignored) or `ms`, whichever comes first. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
