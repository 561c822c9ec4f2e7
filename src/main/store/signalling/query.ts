// log.query filters as row sources. A filter becomes a set of kind codes (method / CmdType / status class /
// direction) and a device code; for rows the source that drives is the device index, the kind index (one source
// per kind, merged, when the kinds are rare) or the id order itself (when they are common), text adds the trigram
// index (or reads the rows of a device or a short time range when that costs less: text-plan.ts), and templated
// keepalives (no rows) come from their blocks' metadata (templated-rows.ts). Every source yields rows in id order,
// so the reader merges them and pages by id. Rows the codes cannot decide (the overflow kind or device, templated
// keepalives under a text search) are marked for checking against the decoded message.
import type { LogFilter } from '../../../shared/types/signalling';
import { OVERFLOW_DEVICE, type SignallingCodes } from './codes';
import { MESSAGE_COLUMNS, MESSAGE_TABLE, TEXT_TABLE } from './rows';
import { canonicalCmdType } from './summary';
import { LONG_NUMBER } from './templated';
import type { TemplatedSpec, TimeBounds } from './templated-rows';
import { driveByDevice, driveByTime, type RowCounts } from './text-plan';
import { shapesMayHold } from './text-shapes';

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

/**
 * One id-ordered source: SQL for a cursor and a chunk size, or templated keepalives of some kinds (and devices);
 * verify = check each row on the decoded message.
 */
export type RowSource = { verify: boolean } & ({ build(page: Page): BuiltQuery; templated?: undefined } | { templated: TemplatedSpec; build?: undefined });

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

/** Trigram search needs three characters; shorter text is matched on the decoded messages. */
export const MIN_INDEXED_TEXT = 3;
/** A kind set holding at least this share of the message rows is found by walking ids rather than per-kind indexes. */
const DENSE_SHARE = 0.1;
const MAX_KIND_SOURCES = 32;

/** Trigrams a search puts to the index at most (rows it returns are checked on their text anyway). */
const MAX_TRIGRAMS = 24;

/**
 * The index keeps no positions (migration 8: detail=none), so a search asks for rows holding each of the text's
 * trigrams; rows that hold them elsewhere than in sequence are filtered on their decoded text. `common`: trigrams
 * left out when others remain (any subset finds every row holding the text).
 */
export function ftsTrigrams(text: string, common: (trigram: string) => boolean = () => false): string {
  const chars = [...text];
  const every = [...new Set(chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join('')))];
  const rare = every.filter((t) => !common(t));
  const all = rare.length > 0 ? rare : every;
  const step = Math.max(1, all.length / MAX_TRIGRAMS);
  const picked = new Set<string>();
  for (let i = 0; i < all.length && picked.size < MAX_TRIGRAMS; i += step) picked.add(all[Math.floor(i)]);
  picked.add(all[all.length - 1]);
  return [...picked].map((t) => '"' + t.replace(/"/g, '""') + '"').join(' AND ');
}

/** Device IDs looked at, at most, to tell which trigrams most of them hold. */
const ID_SAMPLE = 256;
/** A trigram held by more than this share of the device IDs is taken to be in nearly every message. */
const COMMON_ID_SHARE = 0.2;

/**
 * Trigrams most known device IDs hold. A site's IDs share their leading digits (area, industry and type codes,
 * docs/protocol.md §2) and every message names a device, so the index lists such a trigram for nearly every message:
 * asking for it makes a search for one device's ID walk the whole log's lists (20 ms a page at 168 h of the
 * bench:log site against about 1 ms for its own digits). IDs are digits: a text without three in a row holds none.
 */
export function commonIdTrigrams(text: string, deviceIds: Iterable<string>): (trigram: string) => boolean {
  if (!/\d{3}/.test(text)) return () => false;
  const all = [...deviceIds];
  const step = Math.max(1, all.length / ID_SAMPLE);
  const sample: string[] = [];
  for (let i = 0; i < all.length; i += step) sample.push(all[Math.floor(i)]);
  const limit = sample.length * COMMON_ID_SHARE;
  return (t) => sample.length > 0 && sample.filter((id) => id.includes(t)).length > limit;
}

interface Condition {
  sql: string;
  params: unknown[];
}

const KEEPALIVE = 'Keepalive';

/** Kind codes a filter's method / status class / direction admit (all kinds when it names none of them). */
export function kindsFor(filter: LogFilter, codes: SignallingCodes): number[] | null {
  if (!filter.method && !filter.statusClass && !filter.direction && !filter.hideKeepalives) return null;
  const mf = filter.method ? methodFilter(filter.method) : null;
  const sc = filter.statusClass ? statusClassValue(filter.statusClass) : null;
  const out: number[] = [];
  for (const [id, k] of codes.kinds) {
    if (id === codes.overflowKind) continue;
    if (mf && (mf.column === 'method' ? k.method !== mf.value : k.cmdType !== mf.value)) continue;
    if (sc !== null && k.statusClass !== sc) continue;
    if (filter.direction && k.direction !== filter.direction) continue;
    if (filter.hideKeepalives && k.cmdType === KEEPALIVE) continue;
    out.push(id);
  }
  out.push(codes.overflowKind);
  return out;
}

export interface Plan {
  sources: RowSource[];
  /** Rows of these kinds or this device code are checked on the decoded message whatever their source. */
  uncertainKinds: Set<number>;
  uncertainDevice: number | null;
  /** The filter's time range, for templated sources. */
  time: TimeBounds;
}

const cols = (columns: string) =>
  columns
    .split(',')
    .map((c) => 'm.' + c.trim())
    .join(', ');

function cursorConditions(page: Page, column = 'm.id'): Condition[] {
  const c: Condition[] = [];
  if (page.before !== undefined) c.push({ sql: `${column} < ?`, params: [page.before] });
  if (page.after !== undefined) c.push({ sql: `${column} > ?`, params: [page.after] });
  return c;
}

function select(from: string, where: Condition[], page: Page, order: string, columns: string): BuiltQuery {
  const params: unknown[] = [];
  for (const w of where) params.push(...w.params);
  params.push(page.limit);
  const sql =
    `SELECT ${cols(columns)} FROM ${from}` +
    (where.length ? ' WHERE ' + where.map((w) => w.sql).join(' AND ') : '') +
    ` ORDER BY ${order} ${page.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  return { sql, params };
}

const inList = (ids: number[]) => `(${ids.map(Number).join(', ')})`;

/**
 * `related`: IDs whose messages count as the filtered device's own, e.g. its channels (an INVITE or BYE for a
 * channel is filed under the channel ID it is addressed to).
 */
export function planLogQuery(
  filter: LogFilter,
  timeIds: IdRange,
  codes: SignallingCodes,
  rows: number,
  columns = MESSAGE_COLUMNS,
  related: readonly string[] = [],
  counts?: RowCounts,
): Plan {
  const plan: Plan = { sources: [], uncertainKinds: new Set(), uncertainDevice: null, time: { ids: timeIds, from: filter.from, to: filter.to } };
  for (const id of codes.kinds.keys()) if (id === codes.overflowKind) plan.uncertainKinds.add(id);
  const kinds = kindsFor(filter, codes);

  let device: number[] | null = null;
  if (filter.deviceId) {
    const own = codes.lookupDevice(filter.deviceId);
    if (own === OVERFLOW_DEVICE) plan.uncertainDevice = OVERFLOW_DEVICE;
    const others = related.map((id) => codes.lookupDevice(id)).filter((c): c is number => c !== null && c !== OVERFLOW_DEVICE);
    device = [...new Set(own === null ? others : [own, ...others])];
    if (device.length === 0) return plan; // never seen: nothing matches
  }

  const timeConds: Condition[] = [];
  const hasTime = filter.from !== undefined || filter.to !== undefined;
  if (hasTime) {
    if (timeIds) timeConds.push({ sql: 'm.id BETWEEN ? AND ?', params: [timeIds.lo, timeIds.hi] });
    if (filter.from !== undefined) timeConds.push({ sql: '+m.time >= ?', params: [filter.from] });
    if (filter.to !== undefined) timeConds.push({ sql: '+m.time <= ?', params: [filter.to] });
  }

  const countOf = (ids: number[]) => ids.reduce((sum, id) => sum + (codes.kinds.get(id)?.count ?? 0), 0);

  /** Sources over the rows with one of `ks` kinds (null: any kind), with the device and time conditions. */
  const rowSources = (kindSet: number[] | null, verify: boolean, deviceCodes: number[] | null = device): RowSource[] => {
    if (deviceCodes && deviceCodes.length === 0) return [];
    const isTemplated = (k: number) => codes.kinds.get(k)?.templated === true;
    const templatedKinds = (kindSet ?? [...codes.kinds.keys()]).filter(isTemplated);
    const out: RowSource[] = templatedKinds.length > 0 ? [{ verify, templated: { kinds: new Set(templatedKinds), devices: deviceCodes } }] : [];
    const ks = kindSet && kindSet.filter((k) => !isTemplated(k));
    if (ks && ks.length === 0) return out;
    return [...out, ...sqlSources(ks, verify, deviceCodes)];
  };
  const sqlSources = (ks: number[] | null, verify: boolean, deviceCodes: number[] | null): RowSource[] => {
    const kindCond = (ids: number[]): Condition => ({ sql: `+m.kind IN ${inList(ids)}`, params: [] });
    if (deviceCodes) {
      return deviceCodes.map((d) => ({
        verify,
        build: (page) => select(`${MESSAGE_TABLE} AS m`, [{ sql: 'm.device = ?', params: [d] }, ...(ks ? [kindCond(ks)] : []), ...timeConds, ...cursorConditions(page)], page, 'm.id', columns),
      }));
    }
    const sparse = ks && ks.length <= MAX_KIND_SOURCES && countOf(ks) < rows * DENSE_SHARE;
    if (sparse) {
      return ks.map((k) => ({
        verify,
        build: (page) =>
          select(`${MESSAGE_TABLE} AS m`, [{ sql: 'm.kind = ? AND m.call IS NOT NULL', params: [k] }, ...timeConds, ...cursorConditions(page)], page, 'm.id', columns),
      }));
    }
    return [{ verify, build: (page) => select(`${MESSAGE_TABLE} AS m`, [...(ks ? [kindCond(ks)] : []), ...timeConds, ...cursorConditions(page)], page, 'm.id', columns) }];
  };

  const text = filter.text ?? '';
  if (!text) {
    plan.sources = rowSources(kinds, false);
    return plan;
  }
  // Templated kinds none of whose shapes can hold the text are not read (text-shapes.ts).
  const allKinds = [...codes.kinds.keys()];
  const cannotHold = (k: number) => codes.kinds.get(k)!.templated && !shapesMayHold(codes.kinds.get(k)!.shapes, text);
  if ([...text].length < MIN_INDEXED_TEXT) {
    const ruledOut = allKinds.some(cannotHold);
    plan.sources = rowSources(ruledOut ? (kinds ?? allKinds).filter((k) => !cannotHold(k)) : kinds, true);
    return plan;
  }

  // Indexed messages: the trigram index drives, or the rows of a device or a short time range checked one by one.
  const indexedKinds = (kinds ?? allKinds).filter((k) => !codes.kinds.get(k)!.templated);
  const templatedKinds = (kinds ?? allKinds).filter((k) => codes.kinds.get(k)!.templated && !cannotHold(k));
  const match = ftsTrigrams(text, commonIdTrigrams(text, codes.devices.values()));
  // The index takes rowid bounds itself; bounds on m.id alone leave it walking from the newest match.
  const textIds: Condition[] = hasTime && timeIds ? [{ sql: 't.rowid BETWEEN ? AND ?', params: [timeIds.lo, timeIds.hi] }] : [];
  const readRows = counts !== undefined && ((device !== null && driveByDevice(counts, device, match, hasTime ? timeIds : null)) || (hasTime && driveByTime(counts, timeIds, match, rows / Math.max(1, counts.lastId()))));
  if (indexedKinds.length > 0 && readRows) {
    plan.sources.push(...sqlSources(kinds ? indexedKinds : null, true, device));
  } else if (indexedKinds.length > 0) {
    plan.sources.push({
      verify: true,
      build: (page) =>
        select(
          `${TEXT_TABLE} AS t JOIN ${MESSAGE_TABLE} AS m ON m.id = t.rowid`,
          [
            { sql: `t.${TEXT_TABLE} MATCH ?`, params: [match] },
            ...textIds,
            ...(device !== null ? [{ sql: `+m.device IN ${inList(device)}`, params: [] }] : []),
            ...(kinds ? [{ sql: `+m.kind IN ${inList(indexedKinds)}`, params: [] }] : []),
            ...timeConds,
            ...cursorConditions(page, 't.rowid'),
          ],
          page,
          't.rowid',
          columns,
        ),
    });
  }
  // Templated keepalives: a long number can only be their device's or the other side's ID (templated.ts).
  if (/^\d+$/.test(text) && text.length >= LONG_NUMBER) {
    const devices = [...codes.devices].filter(([code, id]) => id.includes(text) && (device === null || device.includes(code))).map(([code]) => code);
    const byOther = templatedKinds.filter((k) => codes.kinds.get(k)!.otherUser?.includes(text));
    plan.sources.push(...rowSources(templatedKinds, true, devices));
    plan.sources.push(...rowSources(byOther, true));
  } else {
    plan.sources.push(...rowSources(templatedKinds, true));
  }
  return plan;
}
