// Which source drives a text search that also names a device or a time range. The trigram index costs what the
// log's messages holding the text's trigrams cost to walk: a common text ("Unauthorized", "Digest") is in a message
// of every registration, 168,000 a week at a 1,000-camera site, and a device's few among them are found only after
// walking them all; bounded by the ids of a time range, the index still walks its lists up to the bound (50-130 ms
// for one minute in the middle of that week). The device index and the id order instead give a device's own rows
// (a camera's week is a few hundred besides its templated keepalives) or a short time range's, each checked on its
// decoded bytes, which costs far more a row but stops at the query's time budget. So a few rows are read as they
// are, and a device's rows when the index would walk many times more matches; every count stops at its cap, so
// estimating costs no more than a bounded part of the cheaper plan.
import type { IdRange } from './query';

/** A device with more rows than this is not read row by row for a text (it also bounds the count of matches). */
export const DEVICE_SCAN_MAX = 1024;
/** Rows read one by one whatever the index holds: at most one block decoded each, about 1 ms when not cached. */
export const FEW_ROWS = 32;
/** A time range with at most this many rows is read row by row (a minute of the bench:log site holds about 100). */
export const TIME_SCAN_MAX = 256;
/** A longer one is, when at least one row in this many holds the text (a page of 200 then ends within 1,600 rows). */
export const ROWS_PER_MATCH = 8;
/** Newest matches whose spread of ids gives a text's density. */
export const DENSITY_SAMPLE = 256;
/**
 * Trigram matches walked for the price of one device row decoded and checked. Measured at 168 h of the bench:log
 * site: a match about 0.8 µs, a row 16 µs while its block is cached and up to 300 µs when not (a block of 215
 * messages decodes in about 1 ms). Counting 32 times a camera's week of rows costs 3-10 ms.
 */
export const MATCHES_PER_ROW = 32;

/** Capped counts the planner asks the database for. */
export interface RowCounts {
  /** Message rows (not templated) of any of these device codes within the id range, at most `cap`. */
  deviceRows(devices: readonly number[], ids: IdRange, cap: number): number;
  /** Message rows (not templated) within the id range, at most `cap`. */
  rangeRows(ids: NonNullable<IdRange>, cap: number): number;
  /** Rows the trigram index gives for a MATCH expression within the id range, at most `cap`. */
  textMatches(match: string, ids: IdRange, cap: number): number;
  /** Id of the newest stored message. */
  lastId(): number;
  /** Ids from the newest message back to the `sample`-th newest match (null: the log holds fewer matches). */
  idsOfNewestMatches(match: string, sample: number): number | null;
}

/** Whether the device's rows, checked one by one, should answer a device + text search instead of the trigram index. */
export function driveByDevice(counts: RowCounts, devices: readonly number[], match: string, ids: IdRange): boolean {
  const rows = counts.deviceRows(devices, ids, DEVICE_SCAN_MAX + 1);
  if (rows > DEVICE_SCAN_MAX) return false;
  if (rows <= FEW_ROWS) return true;
  const cap = rows * MATCHES_PER_ROW;
  return counts.textMatches(match, ids, cap) >= cap;
}

/**
 * Whether a time range's rows, checked one by one, should answer a text search instead of the trigram index:
 * when they are few, or when the text is dense among rows (its newest matches against `rowsPerId`, the share of
 * ids that have a row; the site's traffic is taken as even over time, and a wrong guess only stops the search at
 * its time budget, saying how far it got).
 */
export function driveByTime(counts: RowCounts, ids: IdRange, match: string, rowsPerId: number): boolean {
  if (ids === null) return false;
  if (counts.rangeRows(ids, TIME_SCAN_MAX + 1) <= TIME_SCAN_MAX) return true;
  const span = counts.idsOfNewestMatches(match, DENSITY_SAMPLE);
  return span !== null && (DENSITY_SAMPLE / span) * ROWS_PER_MATCH >= rowsPerId;
}
