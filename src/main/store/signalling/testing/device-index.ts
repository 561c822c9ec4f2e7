// The device index of templated keepalives as it is and as it must be (tests only).
import type Database from 'better-sqlite3';
import { decodeOffsets, groupOf } from '../device-blocks';
import { decodeTemplated } from '../templated-meta';

/** (group, device) → blocks, as the index lists them. */
export function indexRows(db: Database.Database): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of db.prepare('SELECT grp, device, blocks FROM signalling_device_group ORDER BY grp, device').all() as { grp: number; device: number; blocks: Buffer }[]) {
    out.set(`${r.grp}:${r.device}`, decodeOffsets(r.grp, r.blocks));
  }
  return out;
}

/** (group, device) → blocks, from the templated metadata of every block (what the index must list). */
export function indexFromBlocks(db: Database.Database): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [device, block] of devicesOfBlocks(db)) {
    const key = `${groupOf(block)}:${device}`;
    out.set(key, [...(out.get(key) ?? []), block]);
  }
  const byKey = (k: string) => k.split(':').map(Number);
  return new Map([...out].sort(([a], [b]) => byKey(a)[0] - byKey(b)[0] || byKey(a)[1] - byKey(b)[1]));
}

/** (device, block) of every block holding templated messages of the device, blocks in id order. */
export function devicesOfBlocks(db: Database.Database): [number, number][] {
  const out: [number, number][] = [];
  for (const b of db.prepare('SELECT id, templated FROM signalling_block_info WHERE templated IS NOT NULL ORDER BY id').all() as { id: number; templated: Buffer }[]) {
    for (const d of new Set(decodeTemplated(b.templated).map((r) => r.device))) if (d !== null) out.push([d, b.id]);
  }
  return out;
}
