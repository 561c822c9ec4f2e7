// The signalling log in PostgreSQL (--store postgres://…): every instance appends its messages to one shared
// table, tagged with the instance, so the console of any instance searches all of them. The tap only copies each
// message into a packed batch (signalling/tap-queue.ts); a timer has a parsing thread (log-parser.ts) turn batches
// into the columns of one INSERT and sends it. When PostgreSQL is down or slower than the traffic the bounded
// queue sheds into the dropped counter, and onError says so once per outage.
import type { Pool } from 'pg';
import type { LogFilter, LogMessageDetail, LogQueryResult } from '../../../shared/types/signalling';
import type { ExportSource } from '../signalling/export';
import { startLogChores } from '../signalling/log-chores';
import { DAY_MS, daysAtLimitOf, type LogEngineOptions, type SignallingLog } from '../signalling/log-engine';
import { detailOf, safeScan } from '../signalling/logged-message';
import { MIN_INDEXED_TEXT, methodFilter, statusClassValue } from '../signalling/query';
import { DEFAULT_LIMIT, MAX_CALL_MESSAGES, MAX_LIMIT, QUERY_BUDGET_MS } from '../signalling/reader';
import type { PruneResult } from '../signalling/retention';
import { TapQueue } from '../signalling/tap-queue';
import { messageOf, type MessageSummary } from '../signalling/summary';
import { inlineParser, threadParser } from './log-parser';
import { withoutNul } from './log-rows';
import { isConnectionError } from './serial-writer';

/** Messages per INSERT. */
export const PG_LOG_BATCH = 500;
/** Messages and bytes waiting for PostgreSQL; beyond either, new messages are dropped (counted). */
export const PG_LOG_MAX_QUEUE = 20_000;
export const PG_LOG_MAX_QUEUE_BYTES = 64 * 1024 * 1024;
export const PG_PRUNE_BATCH = 1000;
/** Ids a text search reads per statement. */
export const PG_SEARCH_WINDOW = 100_000;
/**
 * Disk bytes of a message, estimated: its bytes twice (raw and decoded text) with the trigram index's share of
 * the text, plus the row and its other index entries.
 */
export const PG_BYTES_FACTOR = 3;
export const PG_ROW_BYTES = 200;
const TOTALS_EVERY_MS = 5_000;
/** How long close() waits for the last messages to be stored. */
const CLOSE_WAIT_MS = 5_000;

export interface PgLogOptions extends LogEngineOptions {
  pool: Pool;
  /** Tags each message this instance logs (column instance). */
  instance: string;
  maxQueue?: number;
  maxQueueBytes?: number;
  /** Wait before writing again after PostgreSQL could not be reached. */
  retryMs?: number;
  /** A text search reads ids in windows of this many, newest first, until its page is full or its budget spent. */
  searchWindow?: number;
  queryBudgetMs?: number;
  /** 'thread' (default): messages are parsed in a thread of their own; 'inline': on this thread. */
  parser?: 'thread' | 'inline';
}

interface Row {
  id: number;
  time: number;
  direction: 'in' | 'out';
  transport: 'UDP' | 'TCP';
  local_addr: string;
  peer_addr: string;
  method: string | null;
  status: number | null;
  status_class: number | null;
  reason: string | null;
  call_id: string | null;
  cseq: string | null;
  from_user: string | null;
  to_user: string | null;
  device_id: string | null;
  cmd_type: string | null;
  sn: string | null;
  size: number;
  raw?: Buffer;
}

const SUMMARY_COLUMNS =
  'id, time, direction, transport, local_addr, peer_addr, method, status, status_class, reason, call_id, cseq, from_user, to_user, device_id, cmd_type, sn, size';
const FULL_COLUMNS = `${SUMMARY_COLUMNS}, raw`;

const INSERT = `WITH ins AS (
    INSERT INTO signalling_messages (instance, time, direction, transport, local_addr, peer_addr, method, status, status_class,
      reason, call_id, cseq, from_user, to_user, device_id, cmd_type, sn, size, raw, text)
    SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::smallint[],
      $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[], $19::bytea[], $20::text[])
    RETURNING id, size),
  t AS (UPDATE signalling_totals SET messages = messages + (SELECT count(*) FROM ins), bytes = bytes + (SELECT coalesce(sum(size), 0) FROM ins)
    WHERE id = 1 RETURNING messages, bytes)
  SELECT (SELECT array_agg(id ORDER BY id) FROM ins) AS ids, t.messages, t.bytes FROM t`;

/** Deletes the oldest messages matching `where` ($1: its parameter, $2: how many), keeping the totals. */
const deleteOldest = (where: string) => `WITH del AS (
    DELETE FROM signalling_messages WHERE id IN (SELECT id FROM signalling_messages ${where} ORDER BY id LIMIT $2) RETURNING size),
  t AS (UPDATE signalling_totals SET messages = messages - (SELECT count(*) FROM del), bytes = bytes - (SELECT coalesce(sum(size), 0) FROM del)
    WHERE id = 1 RETURNING messages, bytes)
  SELECT (SELECT count(*)::int FROM del) AS n, t.messages, t.bytes FROM t`;


function summaryOfRow(r: Row): MessageSummary {
  return {
    time: r.time,
    direction: r.direction,
    transport: r.transport,
    localAddr: r.local_addr,
    peerAddr: r.peer_addr,
    method: r.method,
    status: r.status,
    statusClass: r.status_class,
    reason: r.reason,
    callId: r.call_id,
    cseq: r.cseq,
    fromUser: r.from_user,
    toUser: r.to_user,
    deviceId: r.device_id,
    cmdType: r.cmd_type,
    sn: r.sn,
    size: r.size,
  };
}

/** A LIKE pattern matching `text` anywhere. */
function containing(text: string): string {
  return `%${text.replace(/\0/g, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filter but its device as SQL conditions on the shared table, with the SQLite reader's rules. */
function conditions(f: LogFilter, params: unknown[]): string[] {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.method) {
    const mf = methodFilter(f.method);
    where.push(`${mf.column === 'method' ? 'method' : 'cmd_type'} = ${p(mf.value)}`);
  }
  if (f.statusClass) where.push(`status_class = ${p(statusClassValue(f.statusClass))}`);
  if (f.direction) where.push(`direction = ${p(f.direction)}`);
  if (f.hideKeepalives) where.push(`cmd_type IS DISTINCT FROM 'Keepalive'`);
  if (f.text) where.push(`text ILIKE ${p(containing(f.text))}`);
  if (f.from !== undefined) where.push(`time >= ${p(f.from)}`);
  if (f.to !== undefined) where.push(`time <= ${p(f.to)}`);
  return where;
}

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * One page of the messages matching a filter and `range` (conditions on id), in id order. A device filter with its
 * channels reads each ID's newest (or oldest) rows from the (device_id, id) index and merges them, instead of
 * sorting every message of the device.
 */
function pageSql(columns: string, f: LogFilter, related: readonly string[], range: (p: (v: unknown) => string) => string[], order: 'ASC' | 'DESC', limit: number, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [...conditions(f, params), ...range(p)];
  const n = p(limit);
  if (!f.deviceId) return `SELECT ${columns} FROM signalling_messages ${whereClause(where)} ORDER BY id ${order} LIMIT ${n}`;
  // A channel may carry its device's own ID.
  const ids = p([...new Set([f.deviceId, ...related])]);
  return `SELECT m.* FROM unnest(${ids}::text[]) AS d(device), LATERAL (
      SELECT ${columns} FROM signalling_messages ${whereClause(['device_id = d.device', ...where])} ORDER BY id ${order} LIMIT ${n}) m
    ORDER BY m.id ${order} LIMIT ${n}`;
}

export async function createPgSignallingLog(opts: PgLogOptions): Promise<SignallingLog> {
  const { pool } = opts;
  const maxQueue = opts.maxQueue ?? PG_LOG_MAX_QUEUE;
  const maxQueueBytes = opts.maxQueueBytes ?? PG_LOG_MAX_QUEUE_BYTES;
  const retryMs = opts.retryMs ?? 1_000;
  const searchWindow = opts.searchWindow ?? PG_SEARCH_WINDOW;
  const queryBudgetMs = opts.queryBudgetMs ?? QUERY_BUDGET_MS;
  const parser = opts.parser === 'inline' ? inlineParser() : threadParser((text) => opts.onError?.(text));
  const counts = { stored: 0, refused: 0 };
  const totals = { messages: 0, bytes: 0 };
  /** Packed batches the tap handed over, oldest first, not yet stored. */
  const pending: Array<{ buf: ArrayBuffer; end: number; count: number }> = [];
  // The SIP thread's side: a copy into a packed batch, bounded (beyond: shed and counted).
  const tap = new TapQueue((buf, end, count) => pending.push({ buf, end, count }), { pace: 'owner', maxMessages: maxQueue, maxBytes: maxQueueBytes }, () =>
    chores.rate.add(),
  );
  let writing: Promise<boolean> | null = null;
  /** Shed messages counted when PostgreSQL was found unreachable. */
  let down: { droppedBefore: number } | null = null;
  let retryAt = 0;
  let closed = false;
  let days: number | null = null;
  const maxBytes = () => opts.settings().logMaxMb * 1024 * 1024;
  const diskBytes = () => totals.bytes * PG_BYTES_FACTOR + totals.messages * PG_ROW_BYTES;
  const related = (f: LogFilter) => (f.deviceId && opts.relatedIds ? opts.relatedIds(f.deviceId).slice(0, 2000) : []);

  const insert = async (buf: Buffer): Promise<number> => {
    const { columns, summaries } = await parser.encode(buf);
    const { rows } = await pool.query<{ ids: number[]; messages: number; bytes: number }>({ name: 'signalling-log-insert', text: INSERT, values: [opts.instance, ...columns] });
    const ids = rows[0].ids.map(Number);
    Object.assign(totals, { messages: Number(rows[0].messages), bytes: Number(rows[0].bytes) });
    chores.stored(summaries.map((s, i) => messageOf(ids[i], s)));
    return summaries.length;
  };

  /** Writes the next batches (up to PG_LOG_BATCH messages); false when PostgreSQL could not be reached: they wait. */
  const writeNext = async (): Promise<boolean> => {
    let n = 1;
    for (let messages = pending[0].count; n < pending.length && messages + pending[n].count <= PG_LOG_BATCH; n++) messages += pending[n].count;
    const taken = pending.splice(0, n);
    const count = taken.reduce((c, p) => c + p.count, 0);
    const bytes = taken.reduce((c, p) => c + p.end, 0);
    try {
      await insert(Buffer.concat(taken.map((p) => Buffer.from(p.buf, 0, p.end))));
      counts.stored += count;
      tap.acknowledge(count, bytes);
      if (down) {
        chores.onError(`signalling log: PostgreSQL takes messages again; ${tap.dropped - down.droppedBefore} message(s) were dropped while it could not be reached`);
        down = null;
      }
      return true;
    } catch (err) {
      if (isConnectionError(err)) {
        pending.unshift(...taken);
        retryAt = Date.now() + retryMs;
        if (!down) {
          down = { droppedBefore: tap.dropped };
          chores.onError(
            `signalling log: PostgreSQL cannot be reached (${(err as Error).message}); up to ${maxQueue} messages wait, newer ones are dropped until it is back`,
          );
        }
        return false;
      }
      tap.acknowledge(count, bytes);
      counts.refused += count;
      chores.onError(`signalling log: PostgreSQL refused ${count} message(s) (${(err as Error).message}); they are dropped`);
      return true;
    }
  };

  /** Other instances change the shared totals too: read them now and then while this one has nothing to write. */
  let totalsReadAt = 0;
  const flushSome = (): void => {
    tap.handOver();
    if (writing || Date.now() < retryAt) return;
    if (pending.length > 0) {
      writing = writeNext().finally(() => (writing = null));
    } else if (Date.now() - totalsReadAt > TOTALS_EVERY_MS) {
      totalsReadAt = Date.now();
      refreshTotals().catch(() => undefined);
    }
  };

  /** Writes until the queue is empty or PostgreSQL cannot be reached. */
  const flush = async (): Promise<void> => {
    tap.handOver();
    for (;;) {
      if (writing) await writing;
      if (pending.length === 0) return;
      writing = writeNext().finally(() => (writing = null));
      if (!(await writing)) return;
    }
  };

  const deleteBatch = async (sql: string, param: unknown, n: number): Promise<number> => {
    const { rows } = await pool.query<{ n: number; messages: number; bytes: number }>(sql, [param, n]);
    if (rows[0]) Object.assign(totals, { messages: Number(rows[0].messages), bytes: Number(rows[0].bytes) });
    return rows[0]?.n ?? 0;
  };

  const refreshTotals = async (): Promise<void> => {
    const { rows } = await pool.query<{ messages: number; bytes: number }>('SELECT messages, bytes FROM signalling_totals WHERE id = 1');
    Object.assign(totals, { messages: Number(rows[0].messages), bytes: Number(rows[0].bytes) });
  };

  const refreshDays = async (now: number): Promise<void> => {
    const first = await pool.query<{ id: number; time: number }>('SELECT id, time FROM signalling_messages WHERE time >= $1 ORDER BY time, id LIMIT 1', [now - DAY_MS]);
    const last = await pool.query<{ id: number | null }>('SELECT max(id) AS id FROM signalling_messages');
    const f = first.rows[0];
    days = daysAtLimitOf(now, f && { seq: Number(f.id), time: Number(f.time) }, Number(last.rows[0].id ?? 0), totals.messages ? diskBytes() / totals.messages : 0, maxBytes());
  };

  const prune = async (maxBatches = Number.POSITIVE_INFINITY): Promise<PruneResult> => {
    const limits = opts.settings();
    const now = chores.now();
    const result: PruneResult = { byAge: 0, bySize: 0, more: false };
    let batches = 0;
    const olderThan = deleteOldest('WHERE time < $1');
    for (;;) {
      if (batches >= maxBatches) return { ...result, more: true };
      const n = await deleteBatch(olderThan, now - limits.logRetentionDays * DAY_MS, PG_PRUNE_BATCH);
      batches++;
      result.byAge += n;
      if (n < PG_PRUNE_BATCH) break;
    }
    const oldest = deleteOldest('WHERE id > $1');
    await refreshTotals();
    const limit = limits.logMaxMb * 1024 * 1024;
    while (diskBytes() > limit && totals.messages > 0) {
      if (batches >= maxBatches) return { ...result, more: true };
      const perMessage = diskBytes() / totals.messages;
      const n = await deleteBatch(oldest, 0, Math.max(1, Math.min(PG_PRUNE_BATCH, Math.ceil((diskBytes() - limit) / perMessage))));
      batches++;
      result.bySize += n;
      if (n === 0) break;
    }
    await refreshDays(now);
    return result;
  };

  try {
    await refreshTotals();
  } catch (err) {
    await parser.close();
    throw err;
  }
  const chores = startLogChores(opts, { flushSome, prune: () => prune() });

  const withRaw = (r: Row) => ({ r, raw: r.raw! });
  const source: ExportSource = {
    lastId: async () => Number((await pool.query<{ id: number | null }>('SELECT max(id) AS id FROM signalling_messages')).rows[0].id ?? 0),
    page: async (filter, after, before, limit) => {
      const params: unknown[] = [];
      const sql = pageSql(FULL_COLUMNS, filter, related(filter), (p) => [`id > ${p(after)}`, `id < ${p(before)}`], 'ASC', limit, params);
      const { rows } = await pool.query<Row>(sql, params);
      return rows.map(withRaw).map(({ r, raw }) => ({ id: Number(r.id), meta: summaryOfRow(r), raw, scan: safeScan(raw) }));
    },
  };
  /**
   * The stored time of message `id` (undefined once it is gone), as the SQLite reader gives it with searchedTo:
   * from the oldest row read when that is the one, else looked up by its key.
   */
  const timeOf = async (id: number, read: readonly Row[]): Promise<number | undefined> => {
    const oldest = read.at(-1);
    if (oldest && Number(oldest.id) === id) return Number(oldest.time);
    const { rows } = await pool.query<{ time: number }>({ name: 'signalling-log-time', text: 'SELECT time FROM signalling_messages WHERE id = $1', values: [id] });
    return rows[0] && Number(rows[0].time);
  };
  const details = (rows: Row[]): LogMessageDetail[] => rows.map((r) => detailOf(Number(r.id), summaryOfRow(r), r.raw!));

  return {
    tap,
    async query(q) {
      const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
      const page = (range: (p: (v: unknown) => string) => string[], n: number) => {
        const params: unknown[] = [];
        return pool.query<Row>(pageSql(SUMMARY_COLUMNS, q, related(q), range, 'DESC', n, params), params).then((r) => r.rows);
      };
      const result = (rows: Row[], more: boolean, searchedTo?: number, searchedToTime?: number): LogQueryResult => ({
        messages: rows.slice(0, limit).map((r) => messageOf(Number(r.id), summaryOfRow(r))),
        hasMore: more || rows.length > limit,
        ...(searchedTo !== undefined && rows.length <= limit ? { searchedTo, ...(searchedToTime !== undefined ? { searchedToTime } : {}) } : {}),
      });
      if (!q.text || q.text.length >= MIN_INDEXED_TEXT || q.deviceId) return result(await page((p) => (q.before === undefined ? [] : [`id < ${p(q.before)}`]), limit + 1), false);
      // A text the trigram index cannot narrow (one or two characters) reads rows: it walks back through windows of
      // ids and stops at its budget, saying how far it got, as the SQLite reader does.
      const bounds = (await pool.query<{ lo: number | null; hi: number | null }>('SELECT min(id) AS lo, max(id) AS hi FROM signalling_messages')).rows[0];
      const deadline = performance.now() + queryBudgetMs;
      const found: Row[] = [];
      const lowest = Number(bounds.lo ?? 0);
      for (let hi = Math.min(q.before ?? Number.MAX_SAFE_INTEGER, Number(bounds.hi ?? 0) + 1); hi > lowest; ) {
        const lo = Math.max(lowest, hi - searchWindow);
        found.push(...(await page((p) => [`id >= ${p(lo)}`, `id < ${p(hi)}`], limit + 1 - found.length)));
        if (found.length > limit) break;
        hi = lo;
        if (hi > lowest && performance.now() > deadline) return result(found, true, hi, await timeOf(hi, found));
      }
      return result(found, false);
    },
    async get(id) {
      const { rows } = await pool.query<Row>({ name: 'signalling-log-get', text: `SELECT ${FULL_COLUMNS} FROM signalling_messages WHERE id = $1`, values: [id] });
      return details(rows)[0];
    },
    async call(callId) {
      const { rows } = await pool.query<Row>({
        name: 'signalling-log-call',
        text: `SELECT ${FULL_COLUMNS} FROM signalling_messages WHERE call_id = $1 ORDER BY id DESC LIMIT $2`,
        values: [withoutNul(callId), MAX_CALL_MESSAGES],
      });
      return details(rows).reverse();
    },
    export: (filter, format) => chores.export(source, filter, format),
    messagesPerSec: () => chores.rate.perSecond(),
    stats: () => ({
      received: tap.received,
      stored: counts.stored,
      dropped: tap.dropped + counts.refused,
      queued: tap.queued,
      messages: totals.messages, bytes: totals.bytes, diskBytes: diskBytes(), daysAtLimit: days }),
    flush,
    prune,
    ready: async () => {},
    async close() {
      if (closed) return;
      closed = true;
      chores.stopTimers();
      tap.stop();
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
      await Promise.race([flush(), gaveUp]);
      clearTimeout(timer);
      await parser.close();
      chores.stop();
      if (tap.queued) chores.onError(`signalling log: ${tap.queued} message(s) could not be stored in PostgreSQL before closing`);
    },
  };
}
