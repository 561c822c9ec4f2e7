// The blocks that may hold templated messages of a Call-ID, newest first, by the Call-ID filters (call-filter.ts):
// each group's filter row for the key's bucket (one short row a group), then the block filters of the groups that
// may hold it (or have no filter: the newest, still open, and one a writer restart cut). Blocks stored before the
// filters existed (ids below call_filters_from) are not named; call() looks for those by their bytes.
import type Database from 'better-sqlite3';
import { BLOCK_FILTER, bucketOf, CALL_GROUP_IDS, callGroupOf, GROUP_FILTER, mayHold } from './call-filter';
import { BLOCK_INFO_TABLE, CALL_GROUP_TABLE, TOTALS_TABLE } from './rows';

export interface CandidateBlock {
  id: number;
  first_id: number;
  templated: Buffer;
}

export class CallLookup {
  private readonly groupRows;
  private readonly blocksIn;
  private readonly bounds;

  constructor(db: Database.Database) {
    this.groupRows = db.prepare<[number], { grp: number; bits: Buffer }>(`SELECT grp, bits FROM ${CALL_GROUP_TABLE} WHERE bucket = ?`);
    this.blocksIn = db.prepare<[number, number], CandidateBlock & { calls: Buffer }>(
      `SELECT id, first_id, templated, calls FROM ${BLOCK_INFO_TABLE} WHERE id BETWEEN ? AND ? AND calls IS NOT NULL AND templated IS NOT NULL ORDER BY id DESC`,
    );
    this.bounds = db.prepare<[], { from: number; first: number | null; last: number | null }>(
      `SELECT call_filters_from AS "from", (SELECT min(id) FROM ${BLOCK_INFO_TABLE}) AS first, (SELECT max(id) FROM ${BLOCK_INFO_TABLE}) AS last
       FROM ${TOTALS_TABLE} WHERE id = 1`,
    );
  }

  /** The first id whose block has a Call-ID filter: older templated messages are found only by their bytes. */
  filtersFrom(): number {
    return this.bounds.get()!.from;
  }

  /** Calls `visit` with each block whose filter may hold the key, newest first, until it returns true. */
  blocks(key: number, visit: (b: CandidateBlock) => boolean): void {
    const { from: filtered, first, last } = this.bounds.get()!;
    if (first === null || last === null || last < filtered) return;
    const from = Math.max(filtered, first);
    const filters = new Map<number, Buffer>();
    for (const r of this.groupRows.all(bucketOf(key))) filters.set(r.grp, r.bits);
    for (let g = callGroupOf(last); g >= callGroupOf(from); g--) {
      const f = filters.get(g);
      if (f && !mayHold(f, key, GROUP_FILTER)) continue;
      for (const b of this.blocksIn.all(Math.max(from, g * CALL_GROUP_IDS), (g + 1) * CALL_GROUP_IDS - 1)) {
        if (mayHold(b.calls, key, BLOCK_FILTER) && visit(b)) return;
      }
    }
  }
}
