// log.query filters as SQL. One filter drives the query through its index (ordered by id, the rowid tail of
// every index); the others are tested on the rows it yields, marked with unary + so SQLite cannot pick a less
// selective index. The driving order is fixed: device / text (trigram index) / CmdType / method / status class /
// direction / id range. Text is matched through the trigram index when it drives, else (with a device filter, or
// shorter than 3 characters) on the raw bytes of the rows the index yields.
import iconv from 'iconv-lite';
import type { LogFilter } from '../../../shared/types/signalling';
import { canonicalCmdType } from './summary';
import { MESSAGE_COLUMNS, MESSAGE_TABLE, TEXT_TABLE } from './rows';

export interface Page {
  order: 'desc' | 'asc';
  /** Rows with id below this (desc paging) ... */
  before?: number;
  /** ... or above this (asc paging, used by export). */
  after?: number;
  limit: number;
}

/** id bounds equivalent to a time range; null when the stored times are not in id order (see idRangeForTime). */
export type IdRange = { lo: number; hi: number } | null;

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

const SIP_METHODS = new Set([
  'REGISTER', 'INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'MESSAGE', 'INFO', 'SUBSCRIBE', 'NOTIFY', 'UPDATE',
  'PRACK', 'REFER', 'PUBLISH',
]);

/** The method filter names a SIP method (REGISTER, any all-capitals token) or else a MANSCDP CmdType (Catalog). */
export function methodFilter(value: string): { column: 'method' | 'cmd_type'; value: string } {
  const v = value.trim();
  if (SIP_METHODS.has(v.toUpperCase()) || /^[A-Z]+$/.test(v)) return { column: 'method', value: v.toUpperCase() };
  return { column: 'cmd_type', value: canonicalCmdType(v) };
}

export function statusClassValue(c: NonNullable<LogFilter['statusClass']>): number {
  return c === 'request' ? 0 : Number(c[0]);
}

/** Trigram search needs three characters; shorter text is matched byte-wise on the raw message. */
export const MIN_INDEXED_TEXT = 3;

function ftsPhrase(text: string): string {
  return '"' + text.replace(/"/g, '""') + '"';
}

/**
 * Substring test on the raw message: ASCII case-insensitive like the trigram index, and for non-ASCII text
 * both its UTF-8 and its GB18030 bytes (bodies come in either). lower() folds ASCII bytes only, so GB bytes
 * survive it; comparing as BLOBs keeps instr() byte-wise.
 */
function rawTextCondition(text: string): Condition {
  const lower = text.toLowerCase();
  const utf8 = Buffer.from(lower, 'utf8');
  const gb = iconv.encode(lower, 'gb18030');
  const pats = gb.equals(utf8) ? [utf8] : [utf8, gb];
  return {
    sql: '(' + pats.map(() => 'instr(CAST(lower(CAST(m.raw AS TEXT)) AS BLOB), ?) > 0').join(' OR ') + ')',
    params: pats,
  };
}

interface Condition {
  sql: string;
  params: unknown[];
}

export function buildLogQuery(filter: LogFilter, page: Page, timeIds: IdRange, columns = MESSAGE_COLUMNS): BuiltQuery {
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  const indexed: { column: string; value: unknown }[] = [];
  if (filter.deviceId) indexed.push({ column: 'device_id', value: filter.deviceId });
  if (filter.method) {
    const m = methodFilter(filter.method);
    indexed.push({ column: m.column, value: m.value });
  }
  // CmdType is more selective than a SIP method, so it drives before it.
  indexed.sort((a, b) => rank(a.column) - rank(b.column));
  if (filter.statusClass) indexed.push({ column: 'status_class', value: statusClassValue(filter.statusClass) });
  if (filter.direction) indexed.push({ column: 'direction', value: filter.direction });

  const residual: Condition[] = [];
  const idBounds: Condition[] = [];
  if (page.before !== undefined) idBounds.push({ sql: 'm.id < ?', params: [page.before] });
  if (page.after !== undefined) idBounds.push({ sql: 'm.id > ?', params: [page.after] });
  const hasTime = filter.from !== undefined || filter.to !== undefined;
  if (hasTime) {
    if (timeIds) idBounds.push({ sql: 'm.id BETWEEN ? AND ?', params: [timeIds.lo, timeIds.hi] });
    if (filter.from !== undefined) residual.push({ sql: '+m.time >= ?', params: [filter.from] });
    if (filter.to !== undefined) residual.push({ sql: '+m.time <= ?', params: [filter.to] });
  }
  // Without an id translation (times out of order) the time index drives unless a selective filter exists.
  const timeDrives = hasTime && !timeIds && !indexed.some((c) => c.column === 'device_id' || c.column === 'cmd_type');
  if (timeDrives) {
    residual.splice(0, residual.length);
    if (filter.from !== undefined) idBounds.push({ sql: 'm.time >= ?', params: [filter.from] });
    if (filter.to !== undefined) idBounds.push({ sql: 'm.time <= ?', params: [filter.to] });
  }

  const text = filter.text ?? '';
  // A device's rows are few enough to test one by one; otherwise the trigram index finds the text.
  const ftsDrives = [...text].length >= MIN_INDEXED_TEXT && !timeDrives && !filter.deviceId;

  const where: Condition[] = [];
  indexed.forEach((c, i) => {
    const driving = i === 0 && !timeDrives && !ftsDrives;
    where.push({ sql: `${driving ? '' : '+'}m.${c.column} = ?`, params: [c.value] });
  });
  where.push(...idBounds, ...residual);

  if (text && !ftsDrives) where.push(rawTextCondition(text));

  const cols = columns
    .split(',')
    .map((c) => 'm.' + c.trim())
    .join(', ');
  let from = `${MESSAGE_TABLE} AS m`;
  const params: unknown[] = [];
  if (ftsDrives) {
    from = `${TEXT_TABLE} AS t JOIN ${MESSAGE_TABLE} AS m ON m.id = t.rowid`;
    where.unshift({ sql: `t.${TEXT_TABLE} MATCH ?`, params: [ftsPhrase(text)] });
    // FTS5 applies rowid bounds itself; repeating them on t keeps its scan short.
    if (page.before !== undefined) where.push({ sql: 't.rowid < ?', params: [page.before] });
    if (page.after !== undefined) where.push({ sql: 't.rowid > ?', params: [page.after] });
    if (hasTime && timeIds) where.push({ sql: 't.rowid BETWEEN ? AND ?', params: [timeIds.lo, timeIds.hi] });
  }
  for (const w of where) params.push(...w.params);
  const order = ftsDrives ? `t.rowid ${dir}` : `m.id ${dir}`;
  const sql =
    `SELECT ${cols} FROM ${from}` +
    (where.length ? ' WHERE ' + where.map((w) => w.sql).join(' AND ') : '') +
    ` ORDER BY ${order} LIMIT ?`;
  params.push(page.limit);
  return { sql, params };
}

function rank(column: string): number {
  return column === 'device_id' ? 0 : column === 'cmd_type' ? 1 : 2;
}
