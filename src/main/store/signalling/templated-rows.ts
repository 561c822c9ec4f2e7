// Templated keepalives have no message row: they are found in their blocks' metadata (templated-meta.ts) and,
// while not yet in a block, in the pending table. A fetch walks blocks in page order (a device's blocks through
// signalling_block_device) and reads a bounded number of blocks per call, saying how far it got.
import type Database from 'better-sqlite3';
import type { IdRange, Page } from './query';
import { BLOCK_DEVICE_TABLE, BLOCK_INFO_TABLE, PENDING_TABLE, type MessageRow } from './rows';
import { decodeTemplated } from './templated-meta';

/** Which templated messages a source wants. */
export interface TemplatedSpec {
  kinds: ReadonlySet<number>;
  /** Device codes (null: any device). */
  devices: readonly number[] | null;
}

export interface TimeBounds {
  /** Id window of a time range (null: none or not usable; times are checked on every row anyway). */
  ids: IdRange;
  from?: number;
  to?: number;
}

export interface Fetched {
  /** Matching rows in page order, at most page.limit. */
  rows: MessageRow[];
  /**
   * null: nothing matches beyond these rows. Otherwise every match between the page cursor and this id
   * (inclusive) is in rows; later ones need another fetch from here.
   */
  coveredTo: number | null;
}

interface BlockInfo {
  id: number;
  first_id: number;
  messages: number;
  templated: Buffer | null;
}

/** Blocks read at most by one fetch. */
const BLOCKS_PER_FETCH = 64;
/** Blocks read by the first step of a walk (most pages end within a block or two); each step reads twice as many. */
const FIRST_STEP = 2;
/** Decoded metadata kept (a block's entry is valid while its message count is unchanged). */
const CACHE_BLOCKS = 256;
const MAX = Number.MAX_SAFE_INTEGER;

export class TemplatedRows {
  private readonly pendingIn;
  private readonly pendingById;
  private readonly blockAtOrAfter;
  private readonly infoById;
  private readonly blocksDesc;
  private readonly blocksAsc;
  private readonly deviceBlocksDesc;
  private readonly deviceBlocksAsc;
  private readonly cache = new Map<number, { messages: number; rows: MessageRow[] }>();

  constructor(
    db: Database.Database,
    private readonly blocksPerFetch = BLOCKS_PER_FETCH,
  ) {
    const rowCols = 'id, time, kind, device, length(raw) AS size';
    this.pendingIn = db.prepare<[number, number], MessageRow>(`SELECT ${rowCols} FROM ${PENDING_TABLE} WHERE kind IS NOT NULL AND id BETWEEN ? AND ? ORDER BY id`);
    this.pendingById = db.prepare<[number], MessageRow>(`SELECT ${rowCols} FROM ${PENDING_TABLE} WHERE kind IS NOT NULL AND id = ?`);
    const infoCols = 'id, first_id, messages, templated';
    this.blockAtOrAfter = db.prepare<[number], BlockInfo>(`SELECT ${infoCols} FROM ${BLOCK_INFO_TABLE} WHERE id >= ? ORDER BY id LIMIT 1`);
    this.infoById = db.prepare<[number], BlockInfo>(`SELECT ${infoCols} FROM ${BLOCK_INFO_TABLE} WHERE id = ?`);
    const blocks = (dir: string) =>
      db.prepare<[number, number, number], BlockInfo>(
        `SELECT ${infoCols} FROM ${BLOCK_INFO_TABLE} WHERE id BETWEEN ? AND ? AND templated IS NOT NULL ORDER BY id ${dir} LIMIT ?`,
      );
    this.blocksDesc = blocks('DESC');
    this.blocksAsc = blocks('ASC');
    const deviceBlocks = (dir: string) =>
      db.prepare<[number, number, number, number], { block: number }>(
        `SELECT block FROM ${BLOCK_DEVICE_TABLE} WHERE device = ? AND block BETWEEN ? AND ? ORDER BY block ${dir} LIMIT ?`,
      );
    this.deviceBlocksDesc = deviceBlocks('DESC');
    this.deviceBlocksAsc = deviceBlocks('ASC');
  }

  /** The templated message with this id, or undefined (not templated, or gone). */
  row(id: number): MessageRow | undefined {
    const p = this.pendingById.get(id);
    if (p) return p;
    const b = this.blockAtOrAfter.get(id);
    if (!b || b.first_id > id || !b.templated) return undefined;
    return this.meta(b).find((r) => r.id === id);
  }

  private meta(b: BlockInfo): MessageRow[] {
    const hit = this.cache.get(b.id);
    if (hit && hit.messages === b.messages) return hit.rows;
    const rows = decodeTemplated(b.templated!);
    if (this.cache.size >= CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(b.id, { messages: b.messages, rows });
    return rows;
  }

  fetch(spec: TemplatedSpec, bounds: TimeBounds, page: Page): Fetched {
    const desc = page.order === 'desc';
    // The window of ids this page may return.
    const lo = Math.max(bounds.ids?.lo ?? 0, (page.after ?? -1) + 1);
    const hi = Math.min(bounds.ids?.hi ?? MAX, (page.before ?? MAX + 1) - 1);
    if (lo > hi || spec.kinds.size === 0 || (spec.devices && spec.devices.length === 0)) return { rows: [], coveredTo: null };
    const devices = spec.devices ? new Set(spec.devices) : null;
    const accept = (r: MessageRow) =>
      r.id >= lo &&
      r.id <= hi &&
      spec.kinds.has(r.kind) &&
      (devices === null || (r.device !== null && devices.has(r.device))) &&
      (bounds.from === undefined || r.time >= bounds.from) &&
      (bounds.to === undefined || r.time <= bounds.to);
    const rows: MessageRow[] = [];
    const full = () => rows.length >= page.limit;
    const take = (candidates: readonly MessageRow[]): void => {
      for (let i = 0; i < candidates.length && !full(); i++) {
        const r = candidates[desc ? candidates.length - 1 - i : i];
        if (accept(r)) rows.push(r);
      }
    };
    const pending = () => take(this.pendingIn.all(lo, hi));

    if (desc) {
      pending();
      if (full()) return { rows, coveredTo: rows[rows.length - 1].id };
    }
    // Blocks from the one holding the window's end inwards (a block's id is its last message's id).
    const hiBlock = this.blockAtOrAfter.get(hi)?.id ?? MAX;
    if (devices) {
      const { blocks, cut } = this.deviceBlocks([...devices], lo, hiBlock, desc);
      for (const b of blocks) {
        take(this.meta(b));
        if (full()) return { rows, coveredTo: rows[rows.length - 1].id };
      }
      if (cut !== null) return { rows, coveredTo: cut };
    } else {
      // Walk the blocks in page order, a few first, then more.
      let [a, z] = [lo, hiBlock];
      let read = 0;
      for (let step = FIRST_STEP; ; step *= 2) {
        const want = Math.min(step, this.blocksPerFetch - read);
        const blocks = (desc ? this.blocksDesc : this.blocksAsc).all(a, z, want);
        for (const b of blocks) {
          take(this.meta(b));
          if (full()) return { rows, coveredTo: rows[rows.length - 1].id };
        }
        read += blocks.length;
        if (blocks.length < want) break;
        const last = blocks[blocks.length - 1];
        if (desc) z = last.id - 1;
        else a = last.id + 1;
        if (read >= this.blocksPerFetch) return { rows, coveredTo: desc ? last.first_id : last.id };
      }
    }
    if (!desc) {
      pending();
      if (full()) return { rows, coveredTo: rows[rows.length - 1].id };
    }
    return { rows, coveredTo: null };
  }

  /** A device's blocks: each device's list is complete up to its last block when it was cut short. */
  private deviceBlocks(devices: number[], lo: number, hiBlock: number, desc: boolean): { blocks: BlockInfo[]; cut: number | null } {
    const ids = new Set<number>();
    let cut: number | null = null;
    for (const d of devices) {
      const list = (desc ? this.deviceBlocksDesc : this.deviceBlocksAsc).all(d, lo, hiBlock, this.blocksPerFetch);
      for (const r of list) ids.add(r.block);
      if (list.length === this.blocksPerFetch) {
        const end = list[list.length - 1].block;
        cut = cut === null ? end : desc ? Math.max(cut, end) : Math.min(cut, end);
      }
    }
    const ordered = [...ids].filter((id) => cut === null || (desc ? id >= cut : id <= cut)).sort((a, b) => (desc ? b - a : a - b));
    const blocks = ordered.map((id) => this.infoById.get(id)).filter((b): b is BlockInfo => b !== undefined && b.templated !== null);
    if (cut === null) return { blocks, cut: null };
    // In page order the cut block is read whole: desc covers down to its first id, asc up to its last.
    const cutBlock = this.infoById.get(cut);
    return { blocks, cut: desc ? (cutBlock?.first_id ?? cut) : cut };
  }
}
