// The writer's side of the Call-ID filters (call-filter.ts): each new block gets the filter of its templated
// messages' Call-IDs, and a group of ids gets its filter once its last block is written, from the keys its blocks
// were given. Only a group whose every block this connection wrote gets one (the keys of blocks written before a
// restart are not kept); a lookup reads the block filters of a group without one.
import type Database from 'better-sqlite3';
import { BLOCK_FILTER, buildFilter, buildGroupFilter, callGroupOf } from './call-filter';
import { BLOCK_INFO_TABLE, CALL_GROUP_TABLE } from './rows';

export class CallGroups {
  private readonly insert;
  private group: number;
  /** Whether this connection wrote every block of `group` so far. */
  private whole: boolean;
  private keys: number[] = [];

  constructor(db: Database.Database) {
    this.insert = db.prepare<[number, number, Buffer]>(`INSERT OR REPLACE INTO ${CALL_GROUP_TABLE} (bucket, grp, bits) VALUES (?, ?, ?)`);
    const last = db.prepare<[], { id: number | null }>(`SELECT max(id) AS id FROM ${BLOCK_INFO_TABLE}`).get()!.id;
    this.group = last === null ? -1 : callGroupOf(last);
    this.whole = last === null;
  }

  /**
   * The filter of a new block (newer than every block) holding these Call-ID hashes; writes the previous group's
   * filter when this block begins a new group. Returns the bytes written for that group (0 when none).
   */
  add(block: number, keys: readonly number[]): { filter: Buffer; groupBytes: number } {
    const g = callGroupOf(block);
    let groupBytes = 0;
    if (g !== this.group) {
      if (this.whole && this.group >= 0) groupBytes = this.write(this.group);
      this.whole = true;
      this.group = g;
      this.keys = [];
    }
    for (const k of keys) this.keys.push(k);
    return { filter: buildFilter(keys, BLOCK_FILTER), groupBytes };
  }

  private write(group: number): number {
    let bytes = 0;
    buildGroupFilter(this.keys).forEach((bits, bucket) => {
      this.insert.run(bucket, group, bits);
      bytes += bits.length;
    });
    return bytes;
  }
}
