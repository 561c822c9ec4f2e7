// Retention: messages older than logRetentionDays go, then the oldest until the log fits in logMaxMb.
// Deletes run in small batches (one short transaction each) so signalling never waits long for the database.
import type Database from 'better-sqlite3';
import { callGroupOf, GROUP_BUCKETS } from './call-filter';
import type { SignallingCodes } from './codes';
import { DeviceBlocks } from './device-blocks';
import { BLOCK_INFO_TABLE, BLOCK_TABLE, CALL_GROUP_TABLE, MESSAGE_TABLE, PENDING_TABLE, TEXT_TABLE, TOTALS_TABLE } from './rows';
import type { StoredMessages } from './stored-messages';
import { decodeTemplated, encodeTemplated } from './templated-meta';
import { TemplatedRows } from './templated-rows';

interface IdTime {
  id: number;
  time: number;
}

interface BlockRow {
  id: number;
  first_id: number;
  messages: number;
  templated: Buffer | null;
  /** Bytes of its Call-ID filter. */
  calls: number | null;
}

export interface RetentionLimits {
  logRetentionDays: number;
  logMaxMb: number;
}

/**
 * Disk bytes of a message beyond its stored (compressed) bytes, as bench:log measures them (6 h of a 1,000-camera
 * site): an ordinary message's row with its kind, device and Call-ID index entries (ROW_BYTES) and its share of
 * the trigram index (INDEXED_MESSAGE_BYTES, without positions: migration 8); a templated keepalive's share of its
 * block's device entries and info row (TEMPLATED_MESSAGE_BYTES). Both include a message's share of the space
 * blocks leave free in their pages (about 4 bytes).
 */
export const ROW_BYTES = 70;
export const INDEXED_MESSAGE_BYTES = 310;
export const TEMPLATED_MESSAGE_BYTES = 6;
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
  return t.stored + t.indexed * (ROW_BYTES + INDEXED_MESSAGE_BYTES) + (t.messages - t.indexed) * TEMPLATED_MESSAGE_BYTES;
}

export class Retention {
  private readonly oldestRows;
  private readonly deleteRows;
  private readonly deleteText;
  private readonly deletePending;
  private readonly oldestRowsBefore;
  private readonly timeBreak;
  private readonly blockFor;
  private readonly deleteBlock;
  private readonly deleteInfo;
  private readonly firstBlock;
  private readonly deleteGroups;
  private readonly updateInfo;
  private readonly deviceBlocks;
  private readonly subtractTotals;
  private readonly totals;
  private readonly templated: TemplatedRows;

  constructor(
    private readonly db: Database.Database,
    private readonly codes: SignallingCodes,
    private readonly stored: StoredMessages,
  ) {
    this.templated = new TemplatedRows(db);
    this.oldestRows = db.prepare<[number], IdTime>(`SELECT id, time FROM ${MESSAGE_TABLE} ORDER BY id LIMIT ?`);
    this.oldestRowsBefore = db.prepare<[number, number], IdTime>(`SELECT id, time FROM ${MESSAGE_TABLE} WHERE time < ? ORDER BY id LIMIT ?`);
    this.deleteRows = db.prepare<[string], { id: number; size: number; kind: number }>(
      `DELETE FROM ${MESSAGE_TABLE} WHERE id IN (SELECT value FROM json_each(?)) RETURNING id, size, kind`,
    );
    this.timeBreak = db.prepare<[], { brk: number; first: number | null }>(
      `SELECT time_break_id AS brk, (SELECT min(id) FROM (SELECT first_id AS id FROM (SELECT first_id FROM ${BLOCK_INFO_TABLE} ORDER BY id LIMIT 1) UNION ALL SELECT min(id) FROM ${PENDING_TABLE})) AS first
       FROM ${TOTALS_TABLE} WHERE id = 1`,
    );
    this.blockFor = db.prepare<[number], BlockRow>(`SELECT id, first_id, messages, templated, length(calls) AS calls FROM ${BLOCK_INFO_TABLE} WHERE id >= ? ORDER BY id LIMIT 1`);
    this.firstBlock = db.prepare<[], { id: number | null }>(`SELECT min(id) AS id FROM ${BLOCK_INFO_TABLE}`);
    this.deleteGroups = db.prepare<[number, number], { n: number }>(`DELETE FROM ${CALL_GROUP_TABLE} WHERE bucket = ? AND grp < ? RETURNING length(bits) AS n`);
    this.deleteBlock = db.prepare<[number], { n: number }>(`DELETE FROM ${BLOCK_TABLE} WHERE id = ? RETURNING length(data) AS n`);
    this.deleteInfo = db.prepare<[number]>(`DELETE FROM ${BLOCK_INFO_TABLE} WHERE id = ?`);
    this.updateInfo = db.prepare<[number, Buffer | null, number]>(`UPDATE ${BLOCK_INFO_TABLE} SET messages = ?, templated = ? WHERE id = ?`);
    this.deviceBlocks = new DeviceBlocks(db);
    this.deleteText = db.prepare<[string]>(`DELETE FROM ${TEXT_TABLE} WHERE rowid IN (SELECT value FROM json_each(?))`);
    this.deletePending = db.prepare<[string], { id: number; kind: number | null; size: number; n: number }>(
      `DELETE FROM ${PENDING_TABLE} WHERE id IN (SELECT value FROM json_each(?)) RETURNING id, kind, length(raw) AS size, length(raw) + length(CAST(meta AS BLOB)) AS n`,
    );
    this.subtractTotals = db.prepare<[number, number, number, number]>(
      `UPDATE ${TOTALS_TABLE} SET messages = messages - ?, bytes = bytes - ?, stored_bytes = stored_bytes - ?, indexed = indexed - ? WHERE id = 1`,
    );
    this.totals = db.prepare<[], TotalsRow>(`SELECT messages, stored_bytes AS stored, indexed FROM ${TOTALS_TABLE} WHERE id = 1`);
  }

  /** The first n messages in id order (rows and templated), or those with a time before `before`. */
  private oldest(n: number, before?: number): IdTime[] {
    const rows = before === undefined ? this.oldestRows.all(n) : this.oldestRowsBefore.all(before, n);
    const kinds = new Set([...this.codes.kinds].filter(([, k]) => k.templated).map(([id]) => id));
    const t = this.templated.fetch({ kinds, devices: null }, { ids: null, to: before === undefined ? undefined : before - 1 }, { order: 'asc', limit: n });
    const all = [...rows, ...t.rows].sort((a, b) => a.id - b.id);
    const cut = t.coveredTo;
    return (cut === null ? all : all.filter((r) => r.id <= cut)).slice(0, n);
  }

  /**
   * Deletes messages (ids ascending) with their index entries and stored bytes: a templated one leaves its block's
   * metadata, and a block none of whose messages remain goes; one transaction.
   */
  private remove(ids: number[]): number {
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    return this.db.transaction(() => {
      const kinds = new Map<number, number>();
      const less = (kind: number) => kinds.set(kind, (kinds.get(kind) ?? 0) - 1);
      const rows = this.deleteRows.all(list);
      let bytes = 0;
      for (const r of rows) {
        bytes += r.size;
        less(r.kind);
      }
      this.deleteText.run(JSON.stringify(rows.map((r) => r.id)));
      const withRow = new Set(rows.map((r) => r.id));
      const pending = this.deletePending.all(list);
      let storedBytes = 0;
      let templatedGone = 0;
      for (const p of pending) {
        storedBytes += p.n;
        if (p.kind === null) continue;
        bytes += p.size;
        less(p.kind);
        templatedGone++;
      }
      const inPending = new Set(pending.map((p) => p.id));
      // The rest are in blocks: each touched block loses them from its count and metadata.
      let i = 0;
      const rest = ids.filter((id) => !inPending.has(id));
      const firstBefore = this.firstBlock.get()!.id;
      let blocksGone = false;
      while (i < rest.length) {
        const block = this.blockFor.get(rest[i]);
        if (!block || block.first_id > rest[i]) {
          i++;
          continue;
        }
        const gone = new Set<number>();
        for (; i < rest.length && rest[i] <= block.id; i++) gone.add(rest[i]);
        const meta = block.templated ? decodeTemplated(block.templated) : [];
        const keep = meta.filter((r) => !gone.has(r.id));
        const left = block.messages - [...gone].filter((id) => withRow.has(id)).length - (meta.length - keep.length);
        for (const r of meta) {
          if (keep.length === meta.length || !gone.has(r.id)) continue;
          bytes += r.size;
          less(r.kind);
          templatedGone++;
        }
        const devicesLeft = new Set(keep.map((r) => r.device));
        for (const d of new Set(meta.map((r) => r.device))) {
          if (d !== null && (left <= 0 || !devicesLeft.has(d))) this.deviceBlocks.remove(d, block.id);
        }
        if (left <= 0) {
          storedBytes += this.deleteBlock.get(block.id)?.n ?? 0;
          storedBytes += (block.templated?.length ?? 0) + (block.calls ?? 0);
          this.deleteInfo.run(block.id);
          blocksGone = true;
          this.stored.forgetThrough(block.id);
        } else {
          const data = keep.length === meta.length ? block.templated : keep.length > 0 ? encodeTemplated(keep) : null;
          storedBytes += (block.templated?.length ?? 0) - (data?.length ?? 0);
          this.updateInfo.run(left, data, block.id);
        }
      }
      // A group's Call-ID filter goes with the group's last block.
      if (blocksGone && firstBefore !== null) {
        const first = this.firstBlock.get()!.id;
        const below = first === null ? Number.MAX_SAFE_INTEGER : callGroupOf(first);
        if (below > callGroupOf(firstBefore)) {
          for (let bucket = 0; bucket < GROUP_BUCKETS; bucket++) for (const g of this.deleteGroups.all(bucket, below)) storedBytes += g.n;
        }
      }
      this.subtractTotals.run(rows.length + templatedGone, bytes, storedBytes, rows.length);
      this.codes.count(kinds);
      this.stored.pending -= pending.length;
      return rows.length + templatedGone;
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
    if (first !== null && brk >= first) return this.remove(this.oldest(batch, cutoff).map((r) => r.id));
    const ids: number[] = [];
    for (const r of this.oldest(batch)) {
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
    return this.remove(this.oldest(n).map((r) => r.id));
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
