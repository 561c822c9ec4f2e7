// Reading the exact bytes of stored messages (from the uncompressed pending table or a deflated block) and
// moving pending messages into blocks, with each block's info row (its templated messages' metadata, its times)
// and its devices. Opened blocks are cached (a page of results mostly shares a few blocks); a message is built from
// its block only when asked for.
import type Database from 'better-sqlite3';
import { encodeBlock, openBlock, type OpenBlock, type StoredMessage } from './block-codec';
import { CallGroups } from './call-groups';
import { DeviceBlocks } from './device-blocks';
import { BLOCK_INFO_TABLE, BLOCK_TABLE, PENDING_TABLE, TOTALS_TABLE, type MessageRow } from './rows';
import { scanSip } from './scan';
import { callHash } from './templated';
import { encodeTemplated } from './templated-meta';

/** A pending message as compactOne reads it: kind and device are set for templated ones (they have no row). */
export interface PendingRow extends StoredMessage {
  time: number;
  kind: number | null;
  device: number | null;
  /** callHash of a templated message's Call-ID, when the writer knows it (a row read back from the table does not). */
  call?: number | null;
}

/** The Call-ID key of a templated message read back without it. */
function callKeyOf(raw: Buffer): number | null {
  try {
    const id = scanSip(raw).callId;
    return id ? callHash(id) : null;
  } catch {
    return null;
  }
}

/** Fewest messages per block (a block forms once this many wait). */
export const BLOCK_MESSAGES = 64;
const MAX_BLOCK_MESSAGES = 512;
/**
 * Compressed bytes a block aims at: just under one 4 KiB database page. A 2 KiB block would leave half of its
 * page empty (two do not fit); the message count adapts to the bytes per message of the previous block.
 */
const TARGET_BLOCK_BYTES = 3900;
const CACHE_BLOCKS = 256;
/** Pending rows kept in memory at most (past it, compaction reads them back from the table until it catches up). */
const MAX_WRITTEN = 4 * MAX_BLOCK_MESSAGES;

export class StoredMessages {
  private readonly pendingById;
  private readonly blockFor;
  private readonly blockData;
  private readonly pendingHead;
  private readonly insertBlock;
  private readonly insertInfo;
  private readonly deviceBlocks;
  private readonly deletePending;
  private readonly addStored;
  private readonly pendingCount;
  private readonly pendingFirst;
  /** Pending rows this connection wrote, oldest first: compactOne takes them instead of reading them back. */
  private written: PendingRow[] = [];
  /** The newest of them, added by the open write transaction and not inserted yet (fileRest() hands them back). */
  private unfiled: PendingRow[] = [];
  private readonly cache = new Map<number, OpenBlock>();
  /** Messages waiting in the pending table (kept in step by the writer and retention). */
  pending: number;
  private bytesPerMessage = 40;
  private lastBlock: { id: number; first: number; block: OpenBlock } | null = null;
  /** Made by the first compaction (a reader's instance never compacts). */
  private callGroups: CallGroups | null = null;

  constructor(private readonly db: Database.Database) {
    this.pendingById = db.prepare<[number], StoredMessage>(`SELECT id, meta, raw FROM ${PENDING_TABLE} WHERE id = ?`);
    this.blockFor = db.prepare<[number], { id: number; first_id: number }>(`SELECT id, first_id FROM ${BLOCK_TABLE} WHERE id >= ? ORDER BY id LIMIT 1`);
    this.blockData = db.prepare<[number], { data: Buffer }>(`SELECT data FROM ${BLOCK_TABLE} WHERE id = ?`);
    this.pendingHead = db.prepare<[number], PendingRow>(`SELECT id, meta, raw, time, kind, device FROM ${PENDING_TABLE} ORDER BY id LIMIT ?`);
    this.insertBlock = db.prepare<[number, number, Buffer]>(`INSERT INTO ${BLOCK_TABLE} (id, first_id, data) VALUES (?, ?, ?)`);
    this.insertInfo = db.prepare<[number, number, number, number, number, number, Buffer | null, Buffer | null]>(
      `INSERT INTO ${BLOCK_INFO_TABLE} (id, first_id, messages, time_first, time_last, time_max, templated, calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deviceBlocks = new DeviceBlocks(db);
    this.deletePending = db.prepare<[number]>(`DELETE FROM ${PENDING_TABLE} WHERE id <= ?`);
    this.addStored = db.prepare<[number]>(`UPDATE ${TOTALS_TABLE} SET stored_bytes = stored_bytes + ? WHERE id = 1`);
    this.pendingCount = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${PENDING_TABLE}`);
    this.pendingFirst = db.prepare<[], { id: number | null }>(`SELECT min(id) AS id FROM ${PENDING_TABLE}`);
    this.pending = this.pendingCount.get()!.n;
  }

  recount(): void {
    this.pending = this.pendingCount.get()!.n;
    this.written = [];
    this.unfiled = [];
  }

  /**
   * Pending rows the caller's open transaction adds (in id order, newer than every pending row) before it inserts
   * them: the blocks they complete are formed from them directly, so a message compacted in the transaction that
   * stores it never enters the pending table. fileRest() then names the rows left to insert.
   */
  adding(rows: readonly PendingRow[]): void {
    this.pending += rows.length;
    this.unfiled = rows.slice();
    if (this.written.length + rows.length > MAX_WRITTEN) this.written = [];
    else for (const r of rows) this.written.push(r);
  }

  /** The rows given to adding() that no block took: the caller inserts them into the pending table. */
  fileRest(): PendingRow[] {
    const rest = this.unfiled;
    this.unfiled = [];
    return rest;
  }

  /**
   * The oldest `want` pending rows. The kept rows are exactly the table's when they start at its first row and are
   * as many (ids only grow, and only this connection writes): then they are taken without a read.
   */
  private pendingRun(want: number): PendingRow[] {
    const w = this.written;
    if (w.length >= want && w.length === this.pending && (this.pendingFirst.get()!.id ?? this.unfiled[0]?.id) === w[0].id) return w.splice(0, want);
    const run = this.pendingHead.all(want);
    for (let i = 0; run.length < want && i < this.unfiled.length; i++) run.push(this.unfiled[i]);
    const last = run.length > 0 ? run[run.length - 1].id : 0;
    let drop = 0;
    while (drop < w.length && w[drop].id <= last) drop++;
    if (drop > 0) w.splice(0, drop);
    return run;
  }

  get(id: number): StoredMessage | undefined {
    // Pages of results walk ids in order: the block of the previous lookup usually holds this one too.
    const last = this.lastBlock;
    if (last && id >= last.first && id <= last.id && this.cache.get(last.id) === last.block) return last.block.find(id);
    const p = this.pendingById.get(id);
    if (p) return p;
    const b = this.blockFor.get(id);
    if (!b || b.first_id > id) return undefined;
    let block = this.cache.get(b.id);
    if (!block) {
      block = openBlock(this.blockData.get(b.id)!.data);
      if (this.cache.size >= CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(b.id, block);
    }
    this.lastBlock = { id: b.id, first: b.first_id, block };
    return block.find(id);
  }

  /** Blocks deleted by retention must not be served from the cache. */
  forgetThrough(lastId: number): void {
    for (const id of this.cache.keys()) if (id <= lastId) this.cache.delete(id);
    if (this.lastBlock && this.lastBlock.id <= lastId) this.lastBlock = null;
  }

  /**
   * Deflates the oldest pending messages into one block when a full block is waiting; one transaction.
   * Returns true when a block was written.
   */
  compactOne(level?: number): boolean {
    const want = Math.max(BLOCK_MESSAGES, Math.min(MAX_BLOCK_MESSAGES, Math.floor(TARGET_BLOCK_BYTES / this.bytesPerMessage)));
    if (this.pending < want) return false;
    const run = this.pendingRun(want);
    if (run.length < want) {
      this.pending = run.length;
      return false;
    }
    const data = encodeBlock(run, level);
    this.bytesPerMessage = Math.max(1, data.length / run.length);
    const before = run.reduce((sum, m) => sum + m.raw.length + Buffer.byteLength(m.meta), 0);
    const last = run[run.length - 1].id;
    const templated: MessageRow[] = run.filter((m) => m.kind !== null).map((m) => ({ id: m.id, time: m.time, kind: m.kind!, device: m.device, size: m.raw.length }));
    const meta = templated.length > 0 ? encodeTemplated(templated) : null;
    const devices = new Set(templated.map((m) => m.device).filter((d) => d !== null));
    const keys: number[] = [];
    for (const m of run) {
      if (m.kind === null) continue;
      const key = m.call === undefined ? callKeyOf(m.raw) : m.call;
      if (key !== null) keys.push(key);
    }
    this.callGroups ??= new CallGroups(this.db);
    const groups = this.callGroups;
    this.db.transaction(() => {
      const calls = groups.add(last, keys);
      const filter = meta === null ? null : calls.filter;
      this.insertBlock.run(last, run[0].id, data);
      this.insertInfo.run(last, run[0].id, run.length, run[0].time, run[run.length - 1].time, Math.max(...run.map((m) => m.time)), meta, filter);
      this.deviceBlocks.add(last, devices);
      this.deletePending.run(last);
      this.addStored.run(data.length + (meta?.length ?? 0) + (filter?.length ?? 0) + calls.groupBytes - before);
    }).immediate();
    this.pending -= run.length;
    let taken = 0;
    while (taken < this.unfiled.length && this.unfiled[taken].id <= last) taken++;
    if (taken > 0) this.unfiled.splice(0, taken);
    return true;
  }
}
