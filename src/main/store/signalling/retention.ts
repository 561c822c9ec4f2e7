// Retention: messages older than logRetentionDays go, then the oldest until the log fits in logMaxMb.
// Deletes run in small batches (one short transaction each) so signalling never waits long for the database.
import type Database from 'better-sqlite3';
import type { SignallingCodes } from './codes';
import { BLOCK_TABLE, MESSAGE_TABLE, PENDING_TABLE, TEXT_TABLE, TOTALS_TABLE } from './rows';
import type { StoredMessages } from './stored-messages';

export interface RetentionLimits {
  logRetentionDays: number;
  logMaxMb: number;
}

/**
 * Disk bytes of one message beyond its stored (compressed) bytes: the row and its kind, device and Call-ID index
 * entries. bench:log measures it (about 37 bytes); messages in the trigram index cost INDEXED_MESSAGE_BYTES more
 * (about 300 bytes each without positions, migration 8).
 */
export const ROW_BYTES = 38;
export const INDEXED_MESSAGE_BYTES = 300;
export const PRUNE_BATCH = 1000;
const DAY_MS = 86_400_000;

export interface PruneResult {
  byAge: number;
  bySize: number;
  /** True when there is more to delete than this call's batch budget allowed. */
  more: boolean;
}

interface TotalsRow {
  messages: number;
  stored: number;
  indexed: number;
}

/** The log's estimated size on disk from its totals. */
export function estimateDiskBytes(t: TotalsRow): number {
  return t.stored + t.messages * ROW_BYTES + t.indexed * INDEXED_MESSAGE_BYTES;
}

export class Retention {
  private readonly oldest;
  private readonly deleteRows;
  private readonly deleteText;
  private readonly deletePending;
  private readonly oldestBefore;
  private readonly timeBreak;
  private readonly blockFor;
  private readonly anyRow;
  private readonly deleteBlock;
  private readonly subtractTotals;
  private readonly totals;

  constructor(
    private readonly db: Database.Database,
    private readonly codes: SignallingCodes,
    private readonly stored: StoredMessages,
  ) {
    this.oldest = db.prepare<[number], { id: number; time: number }>(`SELECT id, time FROM ${MESSAGE_TABLE} ORDER BY id LIMIT ?`);
    this.deleteRows = db.prepare<[string], { id: number; size: number; kind: number }>(
      `DELETE FROM ${MESSAGE_TABLE} WHERE id IN (SELECT value FROM json_each(?)) RETURNING id, size, kind`,
    );
    this.oldestBefore = db.prepare<[number, number], { id: number }>(`SELECT id FROM ${MESSAGE_TABLE} WHERE time < ? ORDER BY id LIMIT ?`);
    this.timeBreak = db.prepare<[], { brk: number; first: number | null }>(
      `SELECT time_break_id AS brk, (SELECT min(id) FROM ${MESSAGE_TABLE}) AS first FROM ${TOTALS_TABLE} WHERE id = 1`,
    );
    this.blockFor = db.prepare<[number], { id: number; first_id: number }>(`SELECT id, first_id FROM ${BLOCK_TABLE} WHERE id >= ? ORDER BY id LIMIT 1`);
    this.anyRow = db.prepare<[number, number], { id: number }>(`SELECT id FROM ${MESSAGE_TABLE} WHERE id BETWEEN ? AND ? LIMIT 1`);
    this.deleteBlock = db.prepare<[number], { n: number }>(`DELETE FROM ${BLOCK_TABLE} WHERE id = ? RETURNING length(data) AS n`);
    this.deleteText = db.prepare<[string]>(`DELETE FROM ${TEXT_TABLE} WHERE rowid IN (SELECT value FROM json_each(?))`);
    this.deletePending = db.prepare<[string], { n: number }>(
      `DELETE FROM ${PENDING_TABLE} WHERE id IN (SELECT value FROM json_each(?)) RETURNING length(raw) + length(CAST(meta AS BLOB)) AS n`,
    );
    this.subtractTotals = db.prepare<[number, number, number, number]>(
      `UPDATE ${TOTALS_TABLE} SET messages = messages - ?, bytes = bytes - ?, stored_bytes = stored_bytes - ?, indexed = indexed - ? WHERE id = 1`,
    );
    this.totals = db.prepare<[], TotalsRow>(`SELECT messages, stored_bytes AS stored, indexed FROM ${TOTALS_TABLE} WHERE id = 1`);
  }

  /**
   * Deletes messages (ids ascending) with their index entries and pending bytes, and the blocks none of whose
   * messages remain; one transaction.
   */
  private remove(ids: number[]): number {
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    return this.db.transaction(() => {
      const rows = this.deleteRows.all(list);
      const kinds = new Map<number, number>();
      const indexed: number[] = [];
      let bytes = 0;
      for (const r of rows) {
        bytes += r.size;
        kinds.set(r.kind, (kinds.get(r.kind) ?? 0) - 1);
        if (!this.codes.kindOf(r.kind)?.templated) indexed.push(r.id);
      }
      this.deleteText.run(JSON.stringify(indexed));
      const pending = this.deletePending.all(list);
      let storedBytes = pending.reduce((s, r) => s + r.n, 0);
      let lastBlock = 0;
      for (const id of ids) {
        if (id <= lastBlock) continue;
        const b = this.blockFor.get(id);
        if (!b || b.first_id > id) continue;
        lastBlock = b.id;
        if (!this.anyRow.get(b.first_id, b.id)) {
          storedBytes += this.deleteBlock.get(b.id)!.n;
          this.stored.forgetThrough(b.id);
        }
      }
      this.subtractTotals.run(rows.length, bytes, storedBytes, indexed.length);
      this.codes.count(kinds);
      this.stored.pending -= pending.length;
      return rows.length;
    }).immediate();
  }

  /** Bytes the stored messages are estimated to take on disk. */
  estimatedBytes(): number {
    return estimateDiskBytes(this.totals.get()!);
  }

  /**
   * One batch of age-based deletion; returns the number deleted. While ids are in time order the old messages are
   * the first ids; after the clock stepped back they are searched row by row (there is no time index).
   */
  pruneAgeBatch(now: number, days: number, batch = PRUNE_BATCH): number {
    const cutoff = now - days * DAY_MS;
    const { brk, first } = this.timeBreak.get()!;
    if (first !== null && brk >= first) return this.remove(this.oldestBefore.all(cutoff, batch).map((r) => r.id));
    const ids: number[] = [];
    for (const r of this.oldest.all(batch)) {
      if (r.time >= cutoff) break;
      ids.push(r.id);
    }
    return this.remove(ids);
  }

  /** One batch of size-based deletion (oldest first); returns the number deleted. */
  pruneSizeBatch(maxMb: number, batch = PRUNE_BATCH): number {
    const t = this.totals.get()!;
    const excess = estimateDiskBytes(t) - maxMb * 1024 * 1024;
    if (excess <= 0 || t.messages === 0) return 0;
    const perMessage = estimateDiskBytes(t) / t.messages;
    const n = Math.min(batch, Math.max(1, Math.ceil(excess / perMessage)));
    return this.remove(this.oldest.all(n).map((r) => r.id));
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
