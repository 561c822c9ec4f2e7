// Which source drives a text search that also names a device. The trigram index costs what the whole log's
// messages holding the text's trigrams cost to walk: a common text ("Unauthorized", "Digest") is in a message of
// every registration, 168,000 a week at a 1,000-camera site, and the device's few among them are found only after
// walking them all. The device index instead gives the device's own rows (a camera's week is a few hundred besides
// its templated keepalives), each checked on its decoded bytes, which costs far more a row. So the device drives
// when the index would walk many times more matches than the device has rows; both counts stop at their cap, so
// estimating costs no more than a bounded part of the cheaper plan.
import type { IdRange } from './query';

/** A device with more rows than this is not read row by row for a text. */
export const DEVICE_SCAN_MAX = 2048;
/** Trigram matches walked for the price of one device row decoded and checked (measured: about 1 µs against 16-100 µs). */
export const MATCHES_PER_ROW = 16;

/** Capped counts the planner asks the database for. */
export interface RowCounts {
  /** Message rows (not templated) of any of these device codes within the id range, at most `cap`. */
  deviceRows(devices: readonly number[], ids: IdRange, cap: number): number;
  /** Rows the trigram index gives for a MATCH expression within the id range, at most `cap`. */
  textMatches(match: string, ids: IdRange, cap: number): number;
}

/** Whether the device's rows, checked one by one, should answer a device + text search instead of the trigram index. */
export function driveByDevice(counts: RowCounts, devices: readonly number[], match: string, ids: IdRange): boolean {
  const rows = counts.deviceRows(devices, ids, DEVICE_SCAN_MAX + 1);
  if (rows > DEVICE_SCAN_MAX) return false;
  if (rows === 0) return true;
  const cap = rows * MATCHES_PER_ROW;
  return counts.textMatches(match, ids, cap) >= cap;
}
