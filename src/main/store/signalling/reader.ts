// Read side of the signalling log: filtered pages, one message in full, a call's messages.
import type Database from 'better-sqlite3';
import type { LogFilter, LogMessage, LogMessageDetail, LogQuery, LogQueryResult } from '../../../shared/types/signalling';
import { decodeMessage } from './detail';
import { buildLogQuery, type IdRange, type Page } from './query';
import { MESSAGE_COLUMNS, MESSAGE_TABLE, TOTALS_TABLE, rowToMessage, type MessageRow } from './rows';

export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 2000;
/** log.call returns at most this many messages (the newest ones; some devices reuse one Call-ID for days). */
export const MAX_CALL_MESSAGES = 1000;

export interface Totals {
  messages: number;
  bytes: number;
}

type RawRow = MessageRow & { raw: Buffer };

export class SignallingReader {
  private readonly totalsStmt;
  private readonly breakStmt;
  private readonly firstAtOrAfter;
  private readonly lastAtOrBefore;
  private readonly byId;
  private readonly maxId;
  private readonly byCall;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.totalsStmt = db.prepare<[], Totals>(`SELECT messages, bytes FROM ${TOTALS_TABLE} WHERE id = 1`);
    this.breakStmt = db.prepare<[], { brk: number; first: number | null }>(
      `SELECT time_break_id AS brk, (SELECT min(id) FROM ${MESSAGE_TABLE}) AS first FROM ${TOTALS_TABLE} WHERE id = 1`,
    );
    this.firstAtOrAfter = db.prepare<[number], { id: number }>(
      `SELECT id FROM ${MESSAGE_TABLE} WHERE time >= ? ORDER BY time ASC, id ASC LIMIT 1`,
    );
    this.lastAtOrBefore = db.prepare<[number], { id: number }>(
      `SELECT id FROM ${MESSAGE_TABLE} WHERE time <= ? ORDER BY time DESC, id DESC LIMIT 1`,
    );
    this.maxId = db.prepare<[], { id: number | null }>(`SELECT max(id) AS id FROM ${MESSAGE_TABLE}`);
    this.byId = db.prepare<[number], RawRow>(`SELECT ${MESSAGE_COLUMNS}, raw FROM ${MESSAGE_TABLE} WHERE id = ?`);
    this.byCall = db.prepare<[string, number], RawRow>(
      `SELECT ${MESSAGE_COLUMNS}, raw FROM ${MESSAGE_TABLE} WHERE call_id = ? ORDER BY id DESC LIMIT ?`,
    );
  }

  /** Id of the newest stored message (0 when empty). */
  lastId(): number {
    return this.maxId.get()?.id ?? 0;
  }

  totals(): Totals {
    return this.totalsStmt.get()!;
  }

  /**
   * The id range holding exactly the messages of [from, to], found through the time index. Exact while every
   * stored message is in time order (no clock step back among them: the insert trigger records the last id
   * that broke the order); null otherwise, and the time index drives instead.
   */
  idRangeForTime(from: number | undefined, to: number | undefined): IdRange {
    const { brk, first } = this.breakStmt.get()!;
    if (first === null) return { lo: 1, hi: 0 };
    if (brk >= first) return null;
    const lo = from === undefined ? first : this.firstAtOrAfter.get(from)?.id;
    const hi = to === undefined ? Number.MAX_SAFE_INTEGER : this.lastAtOrBefore.get(to)?.id;
    if (lo === undefined || hi === undefined) return { lo: 1, hi: 0 };
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

  /** The SQL and parameters a filter runs as (exposed for EXPLAIN QUERY PLAN checks). */
  plan(filter: LogFilter, page: Page, columns?: string): { sql: string; params: unknown[] } {
    const timeIds = filter.from !== undefined || filter.to !== undefined ? this.idRangeForTime(filter.from, filter.to) : null;
    return buildLogQuery(filter, page, timeIds, columns);
  }

  rows<T = MessageRow>(filter: LogFilter, page: Page, columns?: string): T[] {
    const { sql, params } = this.plan(filter, page, columns);
    return this.statement(sql).all(...params) as T[];
  }

  query(q: LogQuery): LogQueryResult {
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const rows = this.rows(q, { order: 'desc', before: q.before, limit: limit + 1 });
    return { messages: rows.slice(0, limit).map(rowToMessage), hasMore: rows.length > limit };
  }

  get(id: number): LogMessageDetail | undefined {
    const row = this.byId.get(id);
    return row ? toDetail(row) : undefined;
  }

  /** Every message of a Call-ID, oldest first: for an INVITE dialog that is INVITE/ACK/INFO/BYE and MediaStatus. */
  call(callId: string): LogMessageDetail[] {
    return this.byCall.all(callId, MAX_CALL_MESSAGES).reverse().map(toDetail);
  }
}

export function toDetail(row: RawRow): LogMessageDetail {
  const { raw, ...rest } = row;
  const message: LogMessage = rowToMessage(rest);
  return { ...message, ...decodeMessage(raw) };
}
