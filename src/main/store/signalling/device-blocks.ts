// Which blocks hold a device's templated keepalives (they have no message row; templated-rows.ts reads them).
// Every device keepalives on its own clock (docs/protocol.md §5, §15: 10,000 devices every 60 s is 167 a second),
// so a block holds about one message of each of a few dozen devices, and the next block other devices'. Keyed by
// (device, block), each block's entries went to a place of their own in a table far larger than the page cache.
// Rows are keyed by (group of ids, device) instead and list the device's blocks in that group, so filing a block
// touches only the newest group's rows, whatever the log's size. A block is filed under the group of its id (its
// last message's id) as its offset in the group, two bytes; a row lists them in id order.
import type Database from 'better-sqlite3';
import { DEVICE_GROUP_TABLE } from './rows';

/** Ids a group spans (migration 13 spells the same split as `block >> 16` and `block & 65535`). */
export const GROUP_IDS = 65_536;
const OFFSET_BYTES = 2;

export const groupOf = (block: number): number => Math.floor(block / GROUP_IDS);

export function encodeOffsets(blocks: readonly number[]): Buffer {
  const out = Buffer.alloc(blocks.length * OFFSET_BYTES);
  blocks.forEach((b, i) => out.writeUInt16BE(b % GROUP_IDS, i * OFFSET_BYTES));
  return out;
}

export function decodeOffsets(group: number, data: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + OFFSET_BYTES <= data.length; i += OFFSET_BYTES) out.push(group * GROUP_IDS + data.readUInt16BE(i));
  return out;
}

export class DeviceBlocks {
  private readonly append;
  private readonly read;
  private readonly readMany;
  private readonly rewrite;
  private readonly drop;

  constructor(db: Database.Database) {
    this.append = db.prepare<[number, number, Buffer]>(
      `INSERT INTO ${DEVICE_GROUP_TABLE} (grp, device, blocks) VALUES (?, ?, ?)
       ON CONFLICT (grp, device) DO UPDATE SET blocks = CAST(blocks || excluded.blocks AS BLOB)`,
    );
    this.read = db.prepare<[number, number], { blocks: Buffer }>(`SELECT blocks FROM ${DEVICE_GROUP_TABLE} WHERE grp = ? AND device = ?`);
    this.readMany = db.prepare<[number, string], { blocks: Buffer }>(
      `SELECT blocks FROM ${DEVICE_GROUP_TABLE} WHERE grp = ? AND device IN (SELECT value FROM json_each(?))`,
    );
    this.rewrite = db.prepare<[Buffer, number, number]>(`UPDATE ${DEVICE_GROUP_TABLE} SET blocks = ? WHERE grp = ? AND device = ?`);
    this.drop = db.prepare<[number, number]>(`DELETE FROM ${DEVICE_GROUP_TABLE} WHERE grp = ? AND device = ?`);
  }

  /** Files a new block (newer than every block filed) under each of its devices. */
  add(block: number, devices: Iterable<number>): void {
    const g = groupOf(block);
    const offset = encodeOffsets([block]);
    for (const d of devices) this.append.run(g, d, offset);
  }

  /** The device's blocks in one group, in id order. */
  inGroup(group: number, device: number): number[] {
    const r = this.read.get(group, device);
    return r ? decodeOffsets(group, r.blocks) : [];
  }

  /** The blocks of any of these devices in one group, in id order (one statement for them all). */
  ofDevices(group: number, devices: readonly number[]): number[] {
    if (devices.length === 1) return this.inGroup(group, devices[0]);
    const all = this.readMany.all(group, JSON.stringify(devices)).flatMap((r) => decodeOffsets(group, r.blocks));
    return [...new Set(all)].sort((a, b) => a - b);
  }

  /** The device no longer has templated messages in this block. */
  remove(device: number, block: number): void {
    const g = groupOf(block);
    const left = this.inGroup(g, device).filter((b) => b !== block);
    if (left.length === 0) this.drop.run(g, device);
    else this.rewrite.run(encodeOffsets(left), g, device);
  }
}
