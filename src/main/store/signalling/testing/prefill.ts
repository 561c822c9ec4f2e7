// A log that has run for a while, for benchmarks: the device index of `blocks` past blocks of 10,000 devices
// keepaliving (57 devices a block, each device in every 175th block, as at 167 keepalives/s), ids below the
// writer's next one. Only the index is filled: the other tables grow at their end and stay small in the cache.
import type Database from 'better-sqlite3';
import { DEVICE_GROUP_TABLE, TOTALS_TABLE } from '../rows';

export const PREFILL_DEVICES = 10_000;
const EVERY = 175;
/** Ids a block of the steady keepalive stream spans. */
const BLOCK_IDS = 115;

/** Fills the index; returns the id the writer goes on from. */
export function prefillDeviceIndex(db: Database.Database, blocks: number): number {
  const rounds = Math.ceil(blocks / EVERY);
  db.pragma('cache_size = -524288');
  db.exec(`CREATE TEMP TABLE prefill (device INTEGER NOT NULL, block INTEGER NOT NULL)`);
  db.prepare(
    `INSERT INTO prefill (device, block)
     WITH RECURSIVE dev(d) AS (SELECT 1 UNION ALL SELECT d + 1 FROM dev WHERE d < ${PREFILL_DEVICES}),
       round(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM round WHERE n < ${rounds - 1})
     SELECT d, (1 + d % ${EVERY} + ${EVERY} * n) * ${BLOCK_IDS} FROM dev, round`,
  ).run();
  // As migration 13 lists them (device-blocks.ts).
  db.prepare(
    `INSERT INTO ${DEVICE_GROUP_TABLE} (grp, device, blocks)
     SELECT block >> 16, device, unhex(group_concat(printf('%04X', block & 65535), '' ORDER BY block))
     FROM prefill GROUP BY block >> 16, device ORDER BY 1, 2`,
  ).run();
  db.exec('DROP TABLE prefill');
  const next = (rounds + 1) * EVERY * BLOCK_IDS + 1;
  db.prepare(`UPDATE ${TOTALS_TABLE} SET next_id = ? WHERE id = 1`).run(next);
  db.pragma('wal_checkpoint(TRUNCATE)');
  return next;
}
