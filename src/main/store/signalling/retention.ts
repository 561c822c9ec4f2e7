// Retention: messages older than logRetentionDays go, then the oldest until the log fits in logMaxMb.
// Deletes run in small batches (one short transaction each) so signalling never waits long for the database.
import type Database from 'better-sqlite3';
import { MESSAGE_TABLE, TEXT_TABLE, TOTALS_TABLE } from './rows';

export interface RetentionLimits {
  logRetentionDays: number;
  logMaxMb: number;
}

/**
 * On-disk bytes per stored message byte: the raw BLOB, the trigram text index (about 2.7x the text) and the
 * row indexes. bench:log measures 4.6 for a keepalive-heavy mix of ~430-byte messages (bigger bodies give less).
 * logMaxMb bounds the estimate sum(size) x this factor, so the setting means disk space, not message bytes.
 */
export const DISK_BYTES_PER_MESSAGE_BYTE = 4.6;
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
  private readonly deleteRows;
  private readonly deleteText;
  private readonly subtractTotals;
  private readonly totals;

  constructor(private readonly db: Database.Database) {
    this.oldestBefore = db.prepare<[number, number], { id: number }>(
      `SELECT id FROM ${MESSAGE_TABLE} WHERE time < ? ORDER BY time LIMIT ?`,
    );
    this.oldest = db.prepare<[number], { id: number; size: number }>(`SELECT id, size FROM ${MESSAGE_TABLE} ORDER BY id LIMIT ?`);
    this.deleteRows = db.prepare<[string], { size: number }>(
      `DELETE FROM ${MESSAGE_TABLE} WHERE id IN (SELECT value FROM json_each(?)) RETURNING size`,
    );
    this.deleteText = db.prepare<[string]>(`DELETE FROM ${TEXT_TABLE} WHERE rowid IN (SELECT value FROM json_each(?))`);
    this.subtractTotals = db.prepare<[number, number]>(
      `UPDATE ${TOTALS_TABLE} SET messages = messages - ?, bytes = bytes - ? WHERE id = 1`,
    );
    this.totals = db.prepare<[], { bytes: number }>(`SELECT bytes FROM ${TOTALS_TABLE} WHERE id = 1`);
  }

  /** Deletes messages with their text index entries, keeping the totals right; one transaction. */
  private remove(ids: number[]): number {
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    return this.db.transaction(() => {
      const sizes = this.deleteRows.all(list);
      this.deleteText.run(list);
      this.subtractTotals.run(sizes.length, sizes.reduce((sum, r) => sum + r.size, 0));
      return sizes.length;
    })();
  }

  /** Bytes the stored messages are estimated to take on disk. */
  estimatedBytes(): number {
    return this.totals.get()!.bytes * DISK_BYTES_PER_MESSAGE_BYTE;
  }

  /** One batch of age-based deletion; returns the number deleted. */
  pruneAgeBatch(now: number, days: number, batch = PRUNE_BATCH): number {
    return this.remove(this.oldestBefore.all(now - days * DAY_MS, batch).map((r) => r.id));
  }

  /** One batch of size-based deletion (oldest first); returns the number deleted. */
  pruneSizeBatch(maxMb: number, batch = PRUNE_BATCH): number {
    let excess = this.estimatedBytes() - maxMb * 1024 * 1024;
    if (excess <= 0) return 0;
    const ids: number[] = [];
    for (const r of this.oldest.all(batch)) {
      ids.push(r.id);
      excess -= r.size * DISK_BYTES_PER_MESSAGE_BYTE;
      if (excess <= 0) break;
    }
    return this.remove(ids);
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
