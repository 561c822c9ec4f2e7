// Read side of the signalling log: filtered pages, one message in full, a call's messages. Rows come from the
// sources query.ts plans, merged in id order; rows that need it are checked on their decoded bytes. A search that
// must check many rows stops at a time budget and says how far it got (LogQueryResult.searchedTo).
import type Database from 'better-sqlite3';
import type { LogFilter, LogMessage, LogMessageDetail, LogQuery, LogQueryResult } from '../../../shared/types/signalling';
import { decodeMeta, type StoredMeta } from './block-codec';
import { CallLookup } from './call-lookup';
import { SignallingCodes } from './codes';
import { decodeMessage, messageText } from './detail';
import { gb18030Bytes } from './gb-bytes';
import { methodFilter, planLogQuery, statusClassValue, type BuiltQuery, type IdRange, type Page } from './query';
import { BLOCK_INFO_TABLE, MESSAGE_COLUMNS, MESSAGE_TABLE, PENDING_TABLE, TEXT_TABLE, TOTALS_TABLE, type MessageRow } from './rows';
import { emptyScan, scanSip, type SipScan } from './scan';
import { StoredMessages } from './stored-messages';
import { messageOf, summaryOf, type MessageSummary } from './summary';
import { callHash } from './templated';
import { decodeTemplated } from './templated-meta';
import { TemplatedRows } from './templated-rows';
import type { RowCounts } from './text-plan';

export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 2000;
/** At most this many channel IDs widen a device filter (a large NVR has a few hundred). */
const MAX_RELATED = 2000;
/** log.call returns at most this many messages (the newest ones; some devices reuse one Call-ID for days). */
export const MAX_CALL_MESSAGES = 1000;
/** Messages of one non-INVITE transaction are at most this far apart (Timer F, 64*T1; RFC 3261 §17.1.2.2), plus a second. */
const TRANSACTION_SPAN_MS = 33_000;
/** Time a query may spend checking rows on their decoded bytes before it returns what it has. */
export const QUERY_BUDGET_MS = 40;
/**
 * Of a query's budget, the time kept for the step under way when it runs out and for a garbage collection pause
 * (scavenges of up to 9.5 ms measured with the block caches filling), so that the query answers within 50 ms.
 */
export const STEP_RESERVE_MS = 8;
const CHUNK = 512;

export interface Totals {
  messages: number;
  bytes: number;
}

/** A stored message decoded: its summary (fields as logged), exact bytes and the raw scan. */
export interface DecodedMessage {
  row: MessageRow;
  meta: StoredMeta;
  raw: Buffer;
  summary: MessageSummary;
  scan: SipScan;
}

export interface RowsResult {
  messages: DecodedMessage[];
  /** Set when the budget ran out: rows beyond this id (in page order) were not looked at. */
  stoppedAt?: number;
}

export class SignallingReader {
  private readonly totalsStmt;
  private readonly rowCount;
  private readonly breakStmt;
  private readonly loBlock;
  private readonly loPending;
  private readonly hiBlock;
  private readonly hiPending;
  private readonly byId;
  private readonly maxId;
  private readonly byCall;
  private readonly pendingWith;
  private readonly callLookup: CallLookup;
  private readonly templated: TemplatedRows;
  private readonly cache = new Map<string, Database.Statement>();
  readonly codes: SignallingCodes;
  readonly stored: StoredMessages;
  private readonly sharedCodes: boolean;
  private readonly related: (deviceId: string) => readonly string[];
  /** Capped row counts the planner chooses a device + text search's source by (injectable for tests). */
  private readonly counts: RowCounts;
  /** Milliseconds for time budgets (injectable for tests). */
  private readonly now: () => number;

  constructor(
    private readonly db: Database.Database,
    shared: { codes?: SignallingCodes; stored?: StoredMessages; related?: (deviceId: string) => readonly string[]; counts?: RowCounts; now?: () => number } = {},
  ) {
    this.now = shared.now ?? (() => performance.now());
    this.related = shared.related ?? (() => []);
    this.counts = shared.counts ?? this.dbCounts;
    this.codes = shared.codes ?? new SignallingCodes(db);
    this.sharedCodes = shared.codes !== undefined;
    this.stored = shared.stored ?? new StoredMessages(db);
    this.totalsStmt = db.prepare<[], Totals>(`SELECT messages, bytes FROM ${TOTALS_TABLE} WHERE id = 1`);
    // Messages with a row (not templated): what the kind sources walk.
    this.rowCount = db.prepare<[], { n: number }>(`SELECT indexed AS n FROM ${TOTALS_TABLE} WHERE id = 1`);
    // Every stored message is in a block or pending: their ids bound the log.
    this.breakStmt = db.prepare<[], { brk: number; first: number | null }>(
      `SELECT time_break_id AS brk, (SELECT min(id) FROM (SELECT first_id AS id FROM (SELECT first_id FROM ${BLOCK_INFO_TABLE} ORDER BY id LIMIT 1) UNION ALL SELECT min(id) FROM ${PENDING_TABLE})) AS first
       FROM ${TOTALS_TABLE} WHERE id = 1`,
    );
    this.loBlock = db.prepare<[number], { id: number }>(`SELECT first_id AS id FROM ${BLOCK_INFO_TABLE} WHERE time_last >= ? ORDER BY time_last, id LIMIT 1`);
    this.loPending = db.prepare<[number], { id: number }>(`SELECT id FROM ${PENDING_TABLE} WHERE time >= ? ORDER BY id LIMIT 1`);
    this.hiBlock = db.prepare<[number], { id: number }>(`SELECT id FROM ${BLOCK_INFO_TABLE} WHERE time_first <= ? ORDER BY time_first DESC, id DESC LIMIT 1`);
    this.hiPending = db.prepare<[number], { id: number }>(`SELECT id FROM ${PENDING_TABLE} WHERE time <= ? ORDER BY id DESC LIMIT 1`);
    this.maxId = db.prepare<[], { id: number | null }>(
      `SELECT max(coalesce((SELECT max(id) FROM ${BLOCK_INFO_TABLE}), 0), coalesce((SELECT max(id) FROM ${PENDING_TABLE}), 0)) AS id`,
    );
    this.byId = db.prepare<[number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_TABLE} WHERE id = ?`);
    this.templated = new TemplatedRows(db);
    this.byCall = db.prepare<[number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_TABLE} WHERE call = ? ORDER BY id DESC LIMIT ?`,
    );
    this.pendingWith = db.prepare<[Buffer], MessageRow>(
      `SELECT id, time, kind, device, length(raw) AS size FROM ${PENDING_TABLE} WHERE kind IS NOT NULL AND instr(raw, ?) > 0 ORDER BY id DESC`,
    );
    this.callLookup = new CallLookup(db);
  }

  /** Id of the newest stored message (0 when empty). */
  lastId(): number {
    return this.maxId.get()?.id ?? 0;
  }

  totals(): Totals {
    return this.totalsStmt.get()!;
  }

  /**
   * An id range holding every message of [from, to] (rows are still checked on their times): from the first
   * block whose last message is not before `from`, to the last block whose first message is not after `to`, or
   * the pending messages past the blocks. Valid while every stored message is in time order (no clock step back
   * among them: the writer records the last id that broke the order); null otherwise.
   */
  idRangeForTime(from: number | undefined, to: number | undefined): IdRange {
    const { brk, first } = this.breakStmt.get()!;
    if (first === null) return { lo: 1, hi: 0 };
    if (brk >= first) return null;
    let lo = first;
    if (from !== undefined) {
      const at = this.loBlock.get(from) ?? this.loPending.get(from);
      if (!at) return { lo: 1, hi: 0 };
      lo = at.id;
    }
    let hi = Number.MAX_SAFE_INTEGER;
    if (to !== undefined) {
      const at = this.hiPending.get(to) ?? this.hiBlock.get(to);
      if (!at) return { lo: 1, hi: 0 };
      hi = at.id;
    }
    return { lo, hi };
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      if (this.cache.size > 200) this.cache.clear();
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** The SQL of each source a filter runs as (exposed for EXPLAIN QUERY PLAN checks). */
  plan(filter: LogFilter, page: Page): BuiltQuery[] {
    return this.planFor(filter, this.relatedTo(filter)).sources.flatMap((s) => (s.build ? [s.build(page)] : []));
  }

  /** What each source of a filter reads: message rows, or templated keepalives and of which devices (null: any). */
  sources(filter: LogFilter): ({ rows: true } | { templated: number[]; devices: readonly number[] | null })[] {
    return this.planFor(filter, this.relatedTo(filter)).sources.map((s) =>
      s.templated ? { templated: [...s.templated.kinds], devices: s.templated.devices } : { rows: true as const },
    );
  }

  /** IDs filed as the filtered device's own messages besides its ID (its channels), bounded. */
  private relatedTo(filter: LogFilter): readonly string[] {
    return filter.deviceId ? this.related(filter.deviceId).slice(0, MAX_RELATED) : [];
  }

  private planFor(filter: LogFilter, related: readonly string[]) {
    if (!this.sharedCodes) this.codes.refresh();
    const timeIds = filter.from !== undefined || filter.to !== undefined ? this.idRangeForTime(filter.from, filter.to) : null;
    return planLogQuery(filter, timeIds, this.codes, this.rowCount.get()!.n, undefined, related, this.counts);
  }

  /** The planner's estimates, counted in the database with a cap (text-plan.ts). */
  private readonly dbCounts: RowCounts = {
    deviceRows: (devices, ids, cap) => {
      const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${MESSAGE_TABLE} WHERE device IN (${devices.map(Number).join(', ')}) AND id BETWEEN ? AND ? LIMIT ?)`;
      return (this.statement(sql).get(ids?.lo ?? 0, ids?.hi ?? Number.MAX_SAFE_INTEGER, cap) as { n: number }).n;
    },
    rangeRows: (ids, cap) => {
      const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${MESSAGE_TABLE} WHERE id BETWEEN ? AND ? LIMIT ?)`;
      return (this.statement(sql).get(ids.lo, ids.hi, cap) as { n: number }).n;
    },
    lastId: () => this.lastId(),
    idsOfNewestMatches: (match, sample) => {
      const sql = `SELECT rowid AS id FROM ${TEXT_TABLE} WHERE ${TEXT_TABLE} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`;
      const at = this.statement(sql).get(match, sample - 1) as { id: number } | undefined;
      return at ? this.lastId() - at.id + 1 : null;
    },
    textMatches: (match, ids, cap) => {
      const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${TEXT_TABLE} WHERE ${TEXT_TABLE} MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)`;
      return (this.statement(sql).get(match, ids?.lo ?? 0, ids?.hi ?? Number.MAX_SAFE_INTEGER, cap) as { n: number }).n;
    },
  };

  decode(row: MessageRow, stored = this.stored.get(row.id)): DecodedMessage | undefined {
    const m = stored;
    if (!m) return undefined;
    const meta = decodeMeta(m.meta);
    let scan: SipScan;
    try {
      scan = scanSip(m.raw);
    } catch {
      scan = emptyScan(m.raw);
    }
    const summary = summaryOf(meta, m.raw, scan);
    if (meta.cmdType) summary.cmdType = meta.cmdType;
    if (meta.sn) summary.sn = meta.sn;
    return { row, meta, raw: m.raw, summary, scan };
  }

  /**
   * Rows matching a filter in page order, decoded, at most page.limit. budgetMs bounds the time spent looking at
   * rows (Infinity for export): past it the search stops and says how far it got. Every step after a deadline
   * check is bounded: a row (one block read at most), or a chunk's fetch when the slowest fetch so far still fits.
   */
  rows(filter: LogFilter, page: Page, budgetMs = QUERY_BUDGET_MS): RowsResult {
    const related = this.relatedTo(filter);
    // Planning counts rows (text-plan.ts): the budget includes it.
    const deadline = this.now() + Math.max(0, budgetMs - STEP_RESERVE_MS);
    const plan = this.planFor(filter, related);
    const devices = new Set(filter.deviceId ? [filter.deviceId, ...related] : []);
    const out: DecodedMessage[] = [];
    const desc = page.order === 'desc';
    let cursor: Page = { ...page };
    const check = textCheck(filter.text);
    const mayHold = bytesMayHold(filter.text);
    // Every source is asked for a page at a time, also one whose rows are checked: the trigram index finds a text's
    // newest matches at a cost that grows with how far back they reach, and another source (a device's templated
    // keepalives) often bounds the page well before that. (Bounding the index below by that source's reach costs
    // more: FTS5 walks newest first from far beyond a lower rowid bound.)
    const chunk = page.limit;
    // The longest a chunk's fetch took: a later chunk is not fetched unless that much time is left.
    let fetchMs = 0;
    const over = () => this.now() > deadline;
    for (let first = true; ; first = false) {
      const merged = new Map<number, { row: MessageRow; verify: boolean }>();
      // Every source has given all its rows from the cursor up to `bound` (in page order); null: all it has.
      let bound: number | null = null;
      const fetchStart = this.now();
      for (const s of plan.sources) {
        let rows: MessageRow[];
        let covered: number | null;
        if (s.templated) {
          ({ rows, coveredTo: covered } = this.templated.fetch(s.templated, plan.time, { ...cursor, limit: chunk }, over));
        } else {
          const q = s.build({ ...cursor, limit: chunk });
          rows = this.statement(q.sql).all(...q.params) as MessageRow[];
          covered = rows.length === chunk ? rows[rows.length - 1].id : null;
        }
        if (covered !== null) bound = bound === null ? covered : desc ? Math.max(bound, covered) : Math.min(bound, covered);
        for (const row of rows) {
          const prev = merged.get(row.id);
          if (!prev || (prev.verify && !s.verify)) merged.set(row.id, { row, verify: s.verify });
        }
      }
      fetchMs = Math.max(fetchMs, this.now() - fetchStart);
      const b = bound;
      const ordered = [...merged.values()]
        .filter(({ row }) => b === null || (desc ? row.id >= b : row.id <= b))
        .sort((x, y) => (desc ? y.row.id - x.row.id : x.row.id - y.row.id));
      // A search stops inside a chunk once over budget: reading a chunk's rows can take longer than the whole
      // budget when their blocks are not cached. Only a search whose first chunk holds all its rows runs to its end.
      const mayStop = b !== null || !first;
      // Where a stop leaves the search: the last row looked at, or the cursor this chunk started from.
      let looked: number | null = first ? null : ((desc ? cursor.before : cursor.after) ?? null);
      for (const { row, verify } of ordered) {
        const uncertain = verify || plan.uncertainKinds.has(row.kind) || !this.codes.kinds.has(row.kind) || (plan.uncertainDevice !== null && row.device === plan.uncertainDevice);
        // Any row may cost a block read (about 1 ms when not cached): every one counts against the budget.
        if (mayStop && looked !== null && over()) return { messages: out, stoppedAt: looked };
        looked = row.id;
        const stored = this.stored.get(row.id);
        if (uncertain && stored && !mayHold(stored.raw)) continue;
        const d = this.decode(row, stored);
        if (!d) continue;
        if (uncertain && !matches(d, filter, check, devices)) continue;
        out.push(d);
        if (out.length >= page.limit) return { messages: out };
      }
      if (b === null) return { messages: out };
      cursor = desc ? { ...cursor, before: b } : { ...cursor, after: b };
      if (this.now() + fetchMs > deadline) return { messages: out, stoppedAt: b };
    }
  }

  query(q: LogQuery): LogQueryResult {
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const r = this.rows(q, { order: 'desc', before: q.before, limit: limit + 1 });
    const result: LogQueryResult = { messages: r.messages.slice(0, limit).map(toMessage), hasMore: r.messages.length > limit || r.stoppedAt !== undefined };
    if (r.stoppedAt !== undefined && r.messages.length <= limit) {
      result.searchedTo = r.stoppedAt;
      const time = this.timeOf(r.stoppedAt);
      if (time !== undefined) result.searchedToTime = time;
    }
    return result;
  }

  /** The stored time of a message (a row's, a templated one's, or else its stored bytes' meta). */
  private timeOf(id: number): number | undefined {
    const row = this.byId.get(id) ?? this.templated.row(id);
    if (row) return row.time;
    const m = this.stored.get(id);
    return m ? decodeMeta(m.meta).time : undefined;
  }

  get(id: number): LogMessageDetail | undefined {
    const row = this.byId.get(id) ?? this.templated.row(id);
    const d = row && this.decode(row);
    return d ? toDetail(d) : undefined;
  }

  /**
   * Every message of a Call-ID, oldest first: for an INVITE dialog that is INVITE/ACK/INFO/BYE and MediaStatus.
   * `near`: the id of one of its messages (the one the console shows), which reads a templated keepalive's
   * transaction around it. Without it a templated keepalive is found by the Call-ID filters (call-lookup.ts), or,
   * stored before those existed, by its bytes newest first within the budget.
   */
  call(callId: string, opts: { near?: number; budgetMs?: number } = {}): LogMessageDetail[] {
    const out: LogMessageDetail[] = [];
    for (const row of this.byCall.all(callHash(callId), MAX_CALL_MESSAGES)) {
      const d = this.decode(row);
      if (d && d.summary.callId === callId) out.push(toDetail(d));
    }
    // A templated keepalive's transaction has no Call-ID index entry: look for the Call-ID in their bytes, around
    // the message named, or in the blocks its filters name, or else (stored before the filters) newest first.
    if (out.length === 0 && callId.length >= 3) {
      if (!this.sharedCodes) this.codes.refresh();
      const kinds = new Set([...this.codes.kinds].filter(([, k]) => k.templated).map(([id]) => id));
      const needle = Buffer.from(callId, 'utf8');
      const seen = new Set<number>();
      const found = (row: MessageRow): boolean => {
        if (seen.has(row.id)) return false;
        const m = this.stored.get(row.id);
        if (!m || !m.raw.includes(needle)) return false;
        const d = this.decode(row, m);
        if (!d || d.summary.callId !== callId || out.length >= MAX_CALL_MESSAGES) return false;
        seen.add(row.id);
        out.push(toDetail(d));
        return true;
      };
      const budgetMs = opts.budgetMs ?? QUERY_BUDGET_MS;
      if (opts.near !== undefined) this.transactionAround(opts.near, callId, kinds, found);
      if (out.length === 0) this.byFilters(callId, needle, kinds, found, () => out.length >= MAX_CALL_MESSAGES);
      if (out.length === 0) this.newestTransaction(kinds, found, budgetMs, this.callLookup.filtersFrom());
      out.sort((a, b) => a.id - b.id);
      return out;
    }
    return out.reverse();
  }

  /**
   * The templated messages of its device within a transaction's span of a message of this Call-ID: a non-INVITE
   * transaction ends within 64*T1 = 32 s (RFC 3261 §17.1.2.2, Timer F), and a keepalive is one.
   */
  private transactionAround(near: number, callId: string, kinds: ReadonlySet<number>, found: (row: MessageRow) => boolean): void {
    const row = this.byId.get(near) ?? this.templated.row(near);
    const d = row && this.decode(row);
    if (!row || !d || d.summary.callId !== callId) return;
    const from = d.summary.time - TRANSACTION_SPAN_MS;
    const to = d.summary.time + TRANSACTION_SPAN_MS;
    const spec = { kinds, devices: row.device === null ? null : [row.device] };
    const bounds = { ids: this.idRangeForTime(from, to), from, to };
    let after: number | undefined;
    for (;;) {
      const { rows, coveredTo } = this.templated.fetch(spec, bounds, { order: 'asc', after, limit: CHUNK });
      for (const r of rows) found(r);
      if (coveredTo === null) return;
      after = coveredTo;
    }
  }

  /**
   * The Call-ID's templated messages that are pending or in the blocks its filters name, newest first. Pending ones
   * first: a message moves from pending into a block, never back, so none is missed between the two reads. Like
   * the Call-ID index, it stops at the newest MAX_CALL_MESSAGES (a device may use one Call-ID for days); false
   * "maybe"s of the filters (about 0.05 % of blocks) cost a block read each.
   */
  private byFilters(callId: string, needle: Buffer, kinds: ReadonlySet<number>, found: (row: MessageRow) => boolean, full: () => boolean): void {
    for (const row of this.pendingWith.all(needle)) found(row);
    this.callLookup.blocks(callHash(callId), (b) => {
      const rows = decodeTemplated(b.templated);
      for (let i = rows.length - 1; i >= 0 && !full(); i--) if (kinds.has(rows[i].kind)) found(rows[i]);
      return full();
    });
  }

  /**
   * The newest templated transaction of the Call-ID among messages before `below`, newest first within the budget
   * (its messages are close together: stops after their run).
   */
  private newestTransaction(kinds: ReadonlySet<number>, found: (row: MessageRow) => boolean, budgetMs: number, below: number): void {
    const deadline = this.now() + budgetMs;
    let any = false;
    let before = below;
    for (;;) {
      const { rows, coveredTo } = this.templated.fetch({ kinds, devices: null }, { ids: null }, { order: 'desc', before, limit: CHUNK });
      let here = 0;
      for (const row of rows) if (found(row)) here++;
      any ||= here > 0;
      // The budget counts while nothing is found; a run of matches is read to its end.
      if ((any && here === 0) || coveredTo === null || (here === 0 && this.now() > deadline)) return;
      before = coveredTo;
    }
  }
}

type TextCheck = ((d: DecodedMessage) => boolean) | null;

/** Same rule as the trigram index: the decoded text contains the search text, ignoring case. */
function textCheck(text: string | undefined): TextCheck {
  if (!text) return null;
  const needle = text.toLowerCase();
  return (d) => messageText(d.raw, d.scan).toLowerCase().includes(needle);
}

/** CJK ideographs and punctuation, full-width digits and symbols, ASCII digits, spaces and symbols: characters without case. */
const UNCASED_CJK = /^[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff20\uff3b-\uff40\uff5b-\uff65\x20-\x40\x5b-\x60\x7b-\x7e]*[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff][\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff20\uff3b-\uff40\uff5b-\uff65\x20-\x40\x5b-\x60\x7b-\x7e]*$/;

/**
 * A quick look at the bytes before decoding a row for a text check: the decoded text holds an ASCII character only
 * where the bytes hold it (UTF-8, GB2312/GBK), so bytes without an ASCII search text cannot match. Unicode lower-
 * casing turns two non-ASCII letters into ASCII (U+0130 to i, U+212A to k): with those in the text, only pure-ASCII
 * bytes are ruled out.
 */
export function bytesMayHold(text: string | undefined): (raw: Buffer) => boolean {
  if (!text) return () => true;
  // Chinese without letters (no case): the head is UTF-8 and a body UTF-8 or GB18030 (charset.ts), so the text
  // is in the bytes in one of the two.
  if (UNCASED_CJK.test(text)) {
    const utf8 = Buffer.from(text, 'utf8');
    const gb = gb18030Bytes(text);
    if (gb === null) return () => true;
    return (raw) => raw.includes(utf8) || raw.includes(gb);
  }
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(text)) return () => true;
  const needle = text.toLowerCase();
  // Without letters case does not matter: a byte search (Call-IDs, IDs, numbers).
  if (!/[a-z]/.test(needle)) {
    const bytes = Buffer.from(needle, 'latin1');
    return (raw) => raw.includes(bytes);
  }
  const foldable = /[ik]/.test(needle);
  return (raw) => {
    const s = raw.toString('latin1');
    if (s.toLowerCase().includes(needle)) return true;
    // eslint-disable-next-line no-control-regex
    return foldable && /[^\x00-\x7f]/.test(s);
  };
}

function matches(d: DecodedMessage, f: LogFilter, check: TextCheck, devices: ReadonlySet<string>): boolean {
  const s = d.summary;
  if (f.deviceId && !devices.has(s.deviceId ?? '')) return false;
  if (f.method) {
    const mf = methodFilter(f.method);
    if (mf.column === 'method' ? s.method !== mf.value : s.cmdType !== mf.value) return false;
  }
  if (f.statusClass && s.statusClass !== statusClassValue(f.statusClass)) return false;
  if (f.direction && s.direction !== f.direction) return false;
  if (f.hideKeepalives && s.cmdType === 'Keepalive') return false;
  if (f.from !== undefined && s.time < f.from) return false;
  if (f.to !== undefined && s.time > f.to) return false;
  return !check || check(d);
}

export function toMessage(d: DecodedMessage): LogMessage {
  return messageOf(d.row.id, d.summary);
}

export function toDetail(d: DecodedMessage): LogMessageDetail {
  return { ...toMessage(d), ...decodeMessage(d.raw, d.scan) };
}
