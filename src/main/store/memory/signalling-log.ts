// The signalling log held in this process (--store memory): nothing is written to disk. A ring of messages
// bounded by logMaxMb (bytes and an estimate of what each message costs besides them) and by a message count;
// logRetentionDays applies at each prune. Same filters, text search and exports as the SQLite engine.
import type { LogFilter, LogQueryResult } from '../../../shared/types/signalling';
import type { SignallingRecord } from '../../sip/tap';
import type { ExportSource } from '../signalling/export';
import { startLogChores } from '../signalling/log-chores';
import { DAY_MS, daysAtLimitOf, type LogEngineOptions, type SignallingLog } from '../signalling/log-engine';
import { CmdTypeMemo, detailOf, filterCheck, safeScan, summarizeRecord } from '../signalling/logged-message';
import { DEFAULT_LIMIT, MAX_CALL_MESSAGES, MAX_LIMIT, QUERY_BUDGET_MS } from '../signalling/reader';
import type { PruneResult } from '../signalling/retention';
import { isKeepAlive } from '../signalling/scan';
import { messageOf, type MessageSummary } from '../signalling/summary';

/** Memory a kept message costs besides its bytes (its summary object and strings), estimated. */
export const MEMORY_MESSAGE_BYTES = 600;
/** Whatever logMaxMb says, at most this many messages are kept. */
export const MAX_MEMORY_MESSAGES = 2_000_000;
/** Messages waiting for the next flush; beyond this they are dropped (counted). */
export const MAX_MEMORY_QUEUE = 50_000;
/** Messages parsed per flush interval (about 40 µs each). */
const MAX_PER_TURN = 1_000;

interface Entry {
  id: number;
  summary: MessageSummary;
  raw: Buffer;
}

export interface MemoryLogOptions extends LogEngineOptions {
  maxQueue?: number;
  maxMessages?: number;
  /** A text search looks at messages newest first until its page is full or this budget is spent. */
  queryBudgetMs?: number;
  /** Milliseconds for the query budget (tests inject one). */
  queryClock?: () => number;
}

/** Messages in id order; the oldest leave from the front. */
class Ring {
  private items: Entry[] = [];
  private head = 0;
  bytes = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  at(i: number): Entry {
    return this.items[this.head + i];
  }

  push(e: Entry): void {
    this.items.push(e);
    this.bytes += costOf(e);
  }

  shift(): Entry | undefined {
    if (this.head >= this.items.length) return undefined;
    const e = this.items[this.head];
    this.items[this.head++] = undefined as unknown as Entry;
    this.bytes -= costOf(e);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return e;
  }

  /** Keeps the messages `keep` accepts, in order. */
  retain(keep: (e: Entry) => boolean): number {
    const before = this.size;
    this.items = this.items.slice(this.head).filter(keep);
    this.head = 0;
    this.bytes = this.items.reduce((n, e) => n + costOf(e), 0);
    return before - this.size;
  }

  /** Index of the first message with an id at or above `id` (size when none). */
  lowerBound(id: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid).id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function costOf(e: Entry): number {
  return e.raw.length + MEMORY_MESSAGE_BYTES;
}

export function createMemorySignallingLog(opts: MemoryLogOptions): SignallingLog {
  const maxQueue = opts.maxQueue ?? MAX_MEMORY_QUEUE;
  const maxMessages = opts.maxMessages ?? MAX_MEMORY_MESSAGES;
  const queryBudgetMs = opts.queryBudgetMs ?? QUERY_BUDGET_MS;
  const queryClock = opts.queryClock ?? (() => performance.now());
  const ring = new Ring();
  const memo = new CmdTypeMemo();
  let queue: SignallingRecord[] = [];
  let nextId = 1;
  const counts = { received: 0, stored: 0, dropped: 0 };
  let closed = false;
  const maxBytes = () => opts.settings().logMaxMb * 1024 * 1024;

  const evictToLimits = (limit: number): number => {
    let n = 0;
    while (ring.size > 0 && (ring.bytes > limit || ring.size > maxMessages)) {
      ring.shift();
      n++;
    }
    return n;
  };

  /** Parses and keeps up to `max` queued messages (on this thread: the timer's turns take a bounded share). */
  const store = (max = Number.POSITIVE_INFINITY): void => {
    if (queue.length === 0) return;
    const batch = queue.length <= max ? queue : queue.slice(0, max);
    queue = queue.length <= max ? [] : queue.slice(max);
    const added = batch.map((rec) => {
      const { summary } = summarizeRecord(rec);
      memo.inherit(summary);
      const e: Entry = { id: nextId++, summary, raw: rec.raw };
      ring.push(e);
      return e;
    });
    counts.stored += batch.length;
    evictToLimits(maxBytes());
    chores.stored(added.map((e) => messageOf(e.id, e.summary)));
  };

  const prune = async (): Promise<PruneResult> => {
    const limits = opts.settings();
    const cutoff = chores.now() - limits.logRetentionDays * DAY_MS;
    const byAge = ring.retain((e) => e.summary.time >= cutoff);
    const bySize = evictToLimits(limits.logMaxMb * 1024 * 1024);
    return { byAge, bySize, more: false };
  };

  const chores = startLogChores(opts, { flushSome: () => store(MAX_PER_TURN), prune });
  const related = (f: LogFilter) => (f.deviceId && opts.relatedIds ? opts.relatedIds(f.deviceId).slice(0, 2000) : []);

  const source: ExportSource = {
    lastId: async () => (ring.size ? ring.at(ring.size - 1).id : 0),
    page: async (filter, after, before, limit) => {
      const check = filterCheck(filter, related(filter));
      const out = [];
      for (let i = ring.lowerBound(after + 1); i < ring.size && out.length < limit; i++) {
        const e = ring.at(i);
        if (e.id >= before) break;
        if (check(e.summary, e.raw)) out.push({ id: e.id, meta: { ...e.summary }, raw: e.raw, scan: safeScan(e.raw) });
      }
      return out;
    },
  };

  const find = (id: number): Entry | undefined => {
    const i = ring.lowerBound(id);
    const e = i < ring.size ? ring.at(i) : undefined;
    return e?.id === id ? e : undefined;
  };

  return {
    tap: {
      onMessage(rec) {
        // CRLF keep-alives (RFC 5626 §3.5.1) are not messages.
        if (closed || isKeepAlive(rec.raw)) return;
        counts.received++;
        chores.rate.add();
        if (queue.length >= maxQueue) {
          counts.dropped++;
          return;
        }
        // The transport may reuse its buffer once this returns.
        queue.push({ ...rec, raw: Buffer.from(rec.raw) });
      },
    },
    async query(q) {
      store();
      const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
      const check = filterCheck(q, related(q));
      const deadline = queryClock() + queryBudgetMs;
      const found: MessageSummary[] = [];
      const ids: number[] = [];
      let i = (q.before === undefined ? ring.size : ring.lowerBound(q.before)) - 1;
      for (let looked = 0; i >= 0 && found.length <= limit; i--, looked++) {
        const e = ring.at(i);
        if (q.text && looked % 256 === 255 && queryClock() > deadline) {
          // The last message looked at: the search goes on below it.
          const last = ring.at(i + 1);
          const result: LogQueryResult = { messages: found.map((s, k) => messageOf(ids[k], s)), hasMore: true, searchedTo: last.id, searchedToTime: last.summary.time };
          return result;
        }
        if (!check(e.summary, e.raw)) continue;
        found.push(e.summary);
        ids.push(e.id);
      }
      return { messages: found.slice(0, limit).map((s, k) => messageOf(ids[k], s)), hasMore: found.length > limit };
    },
    async get(id) {
      store();
      const e = find(id);
      return e && detailOf(e.id, e.summary, e.raw);
    },
    async call(callId) {
      store();
      const out = [];
      for (let i = ring.size - 1; i >= 0 && out.length < MAX_CALL_MESSAGES; i--) {
        const e = ring.at(i);
        if (e.summary.callId === callId) out.push(detailOf(e.id, e.summary, e.raw));
      }
      return out.reverse();
    },
    async export(filter, format) {
      store();
      return chores.export(source, filter, format);
    },
    messagesPerSec: () => chores.rate.perSecond(),
    stats() {
      const last = ring.size ? ring.at(ring.size - 1) : undefined;
      const firstOfDay = ring.size ? ring.at(dayStart(ring, chores.now())) : undefined;
      return {
        ...counts,
        queued: queue.length,
        messages: ring.size,
        bytes: bytesOf(ring),
        diskBytes: ring.bytes,
        daysAtLimit: last && firstOfDay ? daysAtLimitOf(chores.now(), { seq: firstOfDay.id, time: firstOfDay.summary.time }, last.id, ring.bytes / ring.size, maxBytes()) : null,
      };
    },
    flush: async () => store(),
    prune: () => prune(),
    ready: async () => {},
    async close() {
      if (closed) return;
      store();
      closed = true;
      chores.stop();
    },
  };
}

/** Index of the oldest message of the last day (by id order; times are near-ordered). */
function dayStart(ring: Ring, now: number): number {
  let lo = 0;
  let hi = ring.size - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ring.at(mid).summary.time < now - DAY_MS) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bytesOf(ring: Ring): number {
  return ring.bytes - ring.size * MEMORY_MESSAGE_BYTES;
}
