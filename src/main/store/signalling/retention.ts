// Retention: messages older than logRetentionDays go, then the oldest until the log fits in logMaxMb.
// Deletes run in small batches (one short transaction each) so signalling never waits long for the database.
import type Database from 'better-sqlite3';
import { MESSAGE_TABLE, TOTALS_TABLE } from './rows';

export interface RetentionLimits {
  logRetentionDays: number;
  logMaxMb: number;
}

/**
 * On-disk bytes per stored message byte: the raw BLOB, the trigram text index (about 2.5x the text) and the
 * row indexes. Measured by bench/log.bench.ts; logMaxMb bounds the estimate sum(size) x this factor.
 */
export const DISK_BYTES_PER_MESSAGE_BYTE = 4;
export const PRUNE_BATCH = 1000;
const DAY_MS = 86_400_000;

export interface PruneResult {
  byAge: number;
  bySize: number;
  /** True when there is more to delete than this call's batch budget allowed. */
  more: boolean;
}

export class Retention {
  private readonly oldestBefore;
  private readonly oldest;
  private readonly deleteUpTo;
  private readonly deleteIds;
  private readonly totals;

  constructor(private readonly db: Database.Database) {
    this.oldestBefore = db.prepare<[number, number], { id: number }>(
      `SELECT id FROM ${MESSAGE_TABLE} WHERE time < ? ORDER BY time LIMIT ?`,
    );
    this.oldest = db.prepare<[number], { id: number; size: number }>(
      `SELECT id, size FROM ${MESSAGE_TABLE} ORDER BY id LIMIT ?`,
    );
    this.deleteUpTo = db.prepare<[number]>(`DELETE FROM ${MESSAGE_TABLE} WHERE id <= ?`);
    this.deleteIds = db.prepare<[string]>(`DELETE FROM ${MESSAGE_TABLE} WHERE id IN (SELECT value FROM json_each(?))`);
    this.totals = db.prepare<[], { bytes: number }>(`SELECT bytes FROM ${TOTALS_TABLE} WHERE id = 1`);
  }

  /** Bytes the stored messages are estimated to take on disk. */
  estimatedBytes(): number {
    return this.totals.get()!.bytes * DISK_BYTES_PER_MESSAGE_BYTE;
  }

  /** One batch of age-based deletion; returns the number deleted. */
  pruneAgeBatch(now: number, days: number, batch = PRUNE_BATCH): number {
    const ids = this.oldestBefore.all(now - days * DAY_MS, batch).map((r) => r.id);
    if (ids.length === 0) return 0;
    return this.db.transaction(() => this.deleteIds.run(JSON.stringify(ids)).changes)();
  }

  /** One batch of size-based deletion (oldest first); returns the number deleted. */
  pruneSizeBatch(maxMb: number, batch = PRUNE_BATCH): number {
    let excess = this.estimatedBytes() - maxMb * 1024 * 1024;
    if (excess <= 0) return 0;
    const rows = this.oldest.all(batch);
    let last = -1;
    for (const r of rows) {
      last = r.id;
      excess -= r.size * DISK_BYTES_PER_MESSAGE_BYTE;
      if (excess <= 0) break;
    }
    if (last < 0) return 0;
    return this.db.transaction(() => this.deleteUpTo.run(last).changes)();
  }

  /** Runs up to maxBatches batches (age first, then size). */
  prune(now: number, limits: RetentionLimits, maxBatches = Number.POSITIVE_INFINITY): PruneResult {
    const result: PruneResult = { byAge: 0, bySize: 0, more: false };
    let batches = 0;
    while (batches < maxBatches) {
      const n = this.pruneAgeBatch(now, limits.logRetentionDays);
      if (n === 0) break;
      result.byAge += n;
      batches++;
    }
    while (batches < maxBatches) {
      const n = this.pruneSizeBatch(limits.logMaxMb);
      if (n === 0) break;
      result.bySize += n;
      batches++;
    }
    result.more = batches >= maxBatches;
    return result;
  }
}
