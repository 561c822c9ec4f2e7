// Templated keepalives have no message row: they are found in their blocks' metadata (templated-meta.ts) and,
// while not yet in a block, in the pending table. A fetch walks blocks in page order (a device's blocks group by
// group of ids through device-blocks.ts) and reads a bounded number of blocks and groups per call, saying how far
// it got.
import type Database from 'better-sqlite3';
import type { IdRange, Page } from './query';
import { DeviceBlocks, GROUP_IDS, groupOf } from './device-blocks';
import { BLOCK_INFO_TABLE, PENDING_TABLE, type MessageRow } from './rows';
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
/** Groups of ids a device walk looks into at most by one fetch (a device absent from them costs a lookup each). */
const GROUPS_PER_FETCH = 512;
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
  private readonly lastBlock;
  private readonly deviceBlocks: DeviceBlocks;
  private readonly cache = new Map<number, { messages: number; rows: MessageRow[] }>();

  constructor(
    db: Database.Database,
    private readonly blocksPerFetch = BLOCKS_PER_FETCH,
    private readonly groupsPerFetch = GROUPS_PER_FETCH,
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
    this.lastBlock = db.prepare<[], { id: number | null }>(`SELECT max(id) AS id FROM ${BLOCK_INFO_TABLE}`);
    this.deviceBlocks = new DeviceBlocks(db);
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

  /** `over`: true once the caller's time is up; the fetch then stops after the block it is in, saying how far it got. */
  fetch(spec: TemplatedSpec, bounds: TimeBounds, page: Page, over: () => boolean = () => false): Fetched {
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
      const cut = this.walkDevices([...devices], lo, hi, hiBlock, desc, over, (b) => {
        take(this.meta(b));
        return full();
      });
      if (full()) return { rows, coveredTo: rows[rows.length - 1].id };
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
        if (read >= this.blocksPerFetch || over()) return { rows, coveredTo: desc ? last.first_id : last.id };
      }
    }
    if (!desc) {
      pending();
      if (full()) return { rows, coveredTo: rows[rows.length - 1].id };
    }
    return { rows, coveredTo: null };
  }

  /**
   * Reads the devices' blocks from `lo` to `hiBlock` in page order, group by group, until `read` says the page is
   * full or the fetch's bounds are reached. Returns null when the walk ended, else how far it covered: down to the
   * first id of the last block read (desc) or up to its id (asc) when cut inside a group; after a whole group, down
   * to its first id or the first id of a block read, if lower (desc: a message with a higher id is in a block of
   * this group or a later one) or up to the id before the first message of the next group's first block (asc).
   */
  private walkDevices(devices: number[], lo: number, hi: number, hiBlock: number, desc: boolean, over: () => boolean, read: (b: BlockInfo) => boolean): number | null {
    if (hiBlock === MAX) hiBlock = this.lastBlock.get()?.id ?? 0;
    const [first, last] = [groupOf(lo), groupOf(hiBlock)];
    let blocks = 0;
    let groups = 0;
    // desc: the lowest first id of the blocks read (a block may reach below its group's first id).
    let low = MAX;
    for (let g = desc ? last : first; desc ? g >= first : g <= last; g += desc ? -1 : 1) {
      const ids = this.deviceBlocks.ofDevices(g, devices).filter((b) => b >= lo && b <= hiBlock);
      if (desc) ids.reverse();
      for (const id of ids) {
        const b = this.infoById.get(id);
        if (!b || b.templated === null) continue;
        if (read(b)) return null;
        low = Math.min(low, b.first_id);
        // A cut must move the cursor past what this fetch was asked for.
        if ((++blocks >= this.blocksPerFetch || over()) && (!desc || b.first_id <= hi)) return desc ? b.first_id : b.id;
      }
      if (++groups < this.groupsPerFetch || g === (desc ? first : last)) continue;
      if (desc) {
        const to = Math.min(g * GROUP_IDS, low);
        if (to <= hi) return to;
        continue;
      }
      const next = this.blockAtOrAfter.get((g + 1) * GROUP_IDS);
      if (!next) return null;
      if (next.first_id - 1 >= lo) return next.first_id - 1;
    }
    return null;
  }
}
