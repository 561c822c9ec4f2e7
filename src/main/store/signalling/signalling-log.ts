// The signalling log as one object for the composition root: a tap for the SIP stack, the read/export
// operations behind the log.* API methods, the live tail, retention in the background and messages/s.
import type Database from 'better-sqlite3';
import type {
  LogExportResult,
  LogFilter,
  LogMessage,
  LogMessageDetail,
  LogQuery,
  LogQueryResult,
} from '../../../shared/types/signalling';
import type { SignallingTap } from '../../sip/tap';
import { exportLog, type ExportFormat } from './export';
import { pruneExports } from './export-cleanup';
import { LiveTail, realScheduler, type LiveTailOptions, type TailScheduler } from './live-tail';
import { RateMeter } from './rate-meter';
import { SignallingCodes } from './codes';
import { SignallingReader } from './reader';
import { Retention, type PruneResult, type RetentionLimits } from './retention';
import { StoredMessages } from './stored-messages';
import { SignallingWriter, type WriterOptions } from './writer';

const DAY_MS = 86_400_000;

export interface SignallingLogOptions {
  db: Database.Database;
  /** Read at every prune, so a settings change applies at the next run. */
  settings: () => RetentionLimits;
  /** Folder for log.export files, e.g. <dataDir>/exports. */
  exportDir: string;
  /** Live tail: newly stored messages, rate-limited; dropped = messages skipped since the last batch. */
  onBatch?: (messages: LogMessage[], dropped: number) => void;
  /** Installer-readable problems (database failing, pruning failing). */
  onError?: (text: string) => void;
  /** IDs whose messages a device filter includes besides the device's own: its channels (INVITE/BYE go to them). */
  relatedIds?: (deviceId: string) => readonly string[];
  /** Wall clock for retention and messages/s (tests inject one). */
  now?: () => number;
  /** false: no timers; the caller drives flush() and prune() (tests). */
  timers?: boolean;
  flushIntervalMs?: number;
  pruneIntervalMs?: number;
  writer?: Omit<WriterOptions, 'onStored' | 'onError' | 'codes' | 'stored'>;
  tail?: LiveTailOptions;
  tailScheduler?: TailScheduler;
}

export interface SignallingLogStats {
  received: number;
  stored: number;
  /** Dropped before storage because the write queue was full (shed). */
  dropped: number;
  queued: number;
  messages: number;
  bytes: number;
  /** Estimated disk space of the stored messages. */
  diskBytes: number;
  /** Days of history logMaxMb holds at the rate of the last day (null until there is a rate to go by). */
  daysAtLimit: number | null;
}

export interface SignallingLog {
  tap: SignallingTap;
  query(q: LogQuery): LogQueryResult;
  get(id: number): LogMessageDetail | undefined;
  call(callId: string): LogMessageDetail[];
  export(filter: LogFilter, format: ExportFormat): Promise<LogExportResult>;
  messagesPerSec(): number;
  stats(): SignallingLogStats;
  /** Stores everything queued now. */
  flush(): void;
  /** Runs retention now, to completion (or maxBatches batches). */
  prune(maxBatches?: number): PruneResult;
  reader: SignallingReader;
  close(): void;
}

export function createSignallingLog(opts: SignallingLogOptions): SignallingLog {
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? (() => {});
  const rate = new RateMeter(now);
  const tail = opts.onBatch ? new LiveTail(opts.onBatch, opts.tail, opts.tailScheduler ?? realScheduler) : null;
  const codes = new SignallingCodes(opts.db);
  const stored = new StoredMessages(opts.db);
  const writer = new SignallingWriter(
    opts.db,
    { ...opts.writer, codes, stored, onStored: tail ? (m) => tail.push(m) : undefined, onError },
    () => rate.add(),
  );
  const reader = new SignallingReader(opts.db, { codes, stored, related: opts.relatedIds });
  const retention = new Retention(opts.db, codes, stored);

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
    const first = reader.get(span.lo);
    if (!first) return null;
    const ms = Math.min(DAY_MS, t - first.time);
    if (ms < 10 * 60_000) return null;
    const perDay = ((last - span.lo + 1) * DAY_MS) / ms;
    const perMessage = retention.estimatedBytes() / messages;
    return (opts.settings().logMaxMb * 1024 * 1024) / (perDay * perMessage);
  };
  const timers: NodeJS.Timeout[] = [];
  let closed = false;

  const prune = (maxBatches?: number): PruneResult => retention.prune(now(), opts.settings(), maxBatches);

  /** Background retention: one small batch per turn of the event loop until nothing is left to delete. */
  let pruning = false;
  const pruneInBackground = (): void => {
    if (pruning || closed) return;
    pruning = true;
    const step = (): void => {
      if (closed) return void (pruning = false);
      let more = false;
      try {
        more = prune(1).more;
      } catch (err) {
        onError(`signalling log: retention failed (${(err as Error).message}); will retry in a minute`);
      }
      if (more) setImmediate(step);
      else pruning = false;
    };
    step();
  };

  if (opts.timers !== false) {
    timers.push(setInterval(() => writer.flushSome(), opts.flushIntervalMs ?? 100));
    timers.push(setInterval(pruneInBackground, opts.pruneIntervalMs ?? 60_000));
    for (const t of timers) t.unref();
    setImmediate(pruneInBackground);
    void pruneExports(opts.exportDir, opts.settings(), now()).catch(() => undefined);
  }

  return {
    tap: writer,
    reader,
    query: (q) => reader.query(q),
    get: (id) => reader.get(id),
    call: (callId) => reader.call(callId),
    export: async (filter, format) => {
      const result = await exportLog(reader, filter, format, opts.exportDir, now());
      await pruneExports(opts.exportDir, opts.settings(), now(), result.path).catch((err) =>
        onError(`signalling log: cleaning old exports failed (${(err as Error).message})`),
      );
      return result;
    },
    messagesPerSec: () => rate.perSecond(),
    stats: () => ({
      received: writer.received,
      stored: writer.stored,
      dropped: writer.dropped,
      queued: writer.queued,
      ...reader.totals(),
      diskBytes: retention.estimatedBytes(),
      daysAtLimit: daysAtLimit(),
    }),
    flush: () => writer.flush(),
    prune: (maxBatches) => prune(maxBatches),
    close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      try {
        writer.stop();
      } catch (err) {
        onError(`signalling log: could not store the last messages (${(err as Error).message})`);
      }
      tail?.close();
    },
  };
}
