// What every signalling log engine offers the composition root and the log.* API methods: a tap for the SIP
// stack (it only queues), reads that may wait on a database, exports, live tail, retention and counters.
// Engines: sqlite (signalling-log.ts), memory (store/memory/signalling-log.ts), postgres (store/postgres/signalling-log.ts).
import type { HeapCollected } from '../../process/heap';
import type { LogExportResult, LogFilter, LogMessage, LogMessageDetail, LogQuery, LogQueryResult } from '../../../shared/types/signalling';
import type { SignallingTap } from '../../sip/tap';
import type { ExportFormat } from './export';
import type { LiveTailOptions, TailScheduler } from './live-tail';
import type { PruneResult, RetentionLimits } from './retention';

export interface SignallingLogStats {
  received: number;
  stored: number;
  /** Dropped before storage because the write queue was full (shed). */
  dropped: number;
  queued: number;
  /** How long the oldest message not yet stored has waited (ms; 0 when none waits). Engines that do not track it leave it out. */
  behindMs?: number;
  messages: number;
  bytes: number;
  /** Estimated space of the stored messages (disk, or memory for the memory engine). */
  diskBytes: number;
  /** Days of history logMaxMb holds at the rate of the last day (null until there is a rate to go by). */
  daysAtLimit: number | null;
}

export interface SignallingLog {
  tap: SignallingTap;
  query(q: LogQuery): Promise<LogQueryResult>;
  get(id: number): Promise<LogMessageDetail | undefined>;
  /** near: the id of one of the call's messages (finds a templated keepalive's transaction however old it is). */
  call(callId: string, near?: number): Promise<LogMessageDetail[]>;
  export(filter: LogFilter, format: ExportFormat): Promise<LogExportResult>;
  messagesPerSec(): number;
  stats(): SignallingLogStats;
  /** Stores everything queued now. */
  flush(): Promise<void>;
  /** Runs retention now, to completion (or maxBatches batches). */
  prune(maxBatches?: number): Promise<PruneResult>;
  /** Stores what is queued, then stops taking messages. */
  close(): Promise<void>;
  /**
   * Whether newly stored messages go to onBatch (on at start). Off while no console shows the live log: the
   * writer thread then sends nothing back (the SQLite engine; the others keep their tail on).
   */
  liveTail?(on: boolean): void;
  /** Resolves once the log takes messages (at most `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  /** A log with a thread of its own has it collect its heap, compacting (asked once a storm is over). */
  collectHeap?(): Promise<HeapCollected | null>;
}

/** What every engine is given besides its storage. */
export interface LogEngineOptions {
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
  tail?: LiveTailOptions;
  tailScheduler?: TailScheduler;
}

export const DAY_MS = 86_400_000;

/**
 * Days of history `maxBytes` holds at the rate of the stored last day (or the stored span when shorter, at least
 * ten minutes): `first` is the oldest message of the last day, `last` the newest, both with their sequence numbers.
 */
export function daysAtLimitOf(
  now: number,
  first: { seq: number; time: number } | undefined,
  lastSeq: number,
  bytesPerMessage: number,
  maxBytes: number,
): number | null {
  if (!first || lastSeq === 0 || !(bytesPerMessage > 0)) return null;
  const ms = Math.min(DAY_MS, now - first.time);
  if (ms < 10 * 60_000) return null;
  const perDay = ((lastSeq - first.seq + 1) * DAY_MS) / ms;
  return maxBytes / (perDay * bytesPerMessage);
}
