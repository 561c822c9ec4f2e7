// A search's time budget bounds the work done after it: with a manual clock, fetches and block reads are given a
// cost, and the search must end within its budget (plus the one step it may be in) and say how far it got.
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { QUERY_BUDGET_MS, STEP_RESERVE_MS, SignallingReader } from './reader';
import { tempDb } from './testing/db';
import { StoredMessages } from './stored-messages';
import { DEVICE_ID, SERVER_ID, deviceMessage, keepaliveXml, record, register, response } from './testing/messages';
import { SignallingWriter } from './writer';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The database as the reader sees it, every page fetched from the message table costing `fetchMs` on the clock. */
function slowFetches(db: Database.Database, clock: { t: number }, fetchMs: number): Database.Database {
  const wrap = <T extends object>(target: T, override: (prop: string | symbol) => unknown): T =>
    new Proxy(target, {
      get(obj, prop) {
        const own = override(prop);
        if (own !== undefined) return own;
        const v = Reflect.get(obj, prop, obj) as unknown;
        return typeof v === 'function' ? v.bind(obj) : v;
      },
    });
  return wrap(db, (prop) =>
    prop !== 'prepare'
      ? undefined
      : (sql: string) => {
          const stmt = db.prepare(sql);
          if (!/FROM signalling_message AS m/.test(sql)) return stmt;
          return wrap(stmt, (p) =>
            p !== 'all'
              ? undefined
              : (...args: unknown[]) => {
                  clock.t += fetchMs;
                  return stmt.all(...args);
                },
          );
        },
  );
}

/** Stored messages whose every read costs 1 ms on the clock, as a block read does when the block is not cached. */
function costlyReads(db: Database.Database, clock: { t: number }): StoredMessages {
  const stored = new StoredMessages(db);
  const read = stored.get.bind(stored);
  stored.get = (id) => {
    clock.t += 1;
    return read(id);
  };
  return stored;
}

function registrations(n: number) {
  const t = tempDb();
  cleanup = t.cleanup;
  const w = new SignallingWriter(t.db);
  for (let i = 0; i < n; i++) w.onMessage(record(register(DEVICE_ID, `reg-${i}`), 'in', i));
  w.flush();
  return t;
}

describe('a search stops within its time budget', () => {
  it('does not fetch another chunk of rows when the last fetch would not end within the budget', () => {
    const t = registrations(1200);
    const clock = { t: 0 };
    const reader = new SignallingReader(slowFetches(t.db, clock, 25), { now: () => clock.t });
    // A 2-character text is checked on every row (no index), 201 rows a chunk: the search needs 6 chunks.
    const r = reader.rows({ text: 'zq' }, { order: 'desc', limit: 201 }, 40);
    expect(clock.t).toBeLessThanOrEqual(40);
    expect(r.messages).toEqual([]);
    // The first chunk was looked at in full: the search goes on below it.
    expect(r.stoppedAt).toBe(reader.lastId() - 200);
    // log.query says where, and the stored time there (registration i has id i + 1 and time i).
    clock.t = 0;
    const q = reader.query({ text: 'zq', limit: 200 });
    expect([q.searchedTo, q.searchedToTime]).toEqual([reader.lastId() - 200, reader.lastId() - 201]);
  });

  it('still looks at every row of a search whose fetches fit its budget', () => {
    const t = registrations(1200);
    const clock = { t: 0 };
    const reader = new SignallingReader(slowFetches(t.db, clock, 5), { now: () => clock.t });
    const r = reader.rows({ text: 'zq' }, { order: 'desc', limit: 201 }, 40);
    expect([r.messages, r.stoppedAt]).toEqual([[], undefined]);
  });

  it('stops a plain filter too when reading the blocks of its rows takes the budget, and goes on from there', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    for (let i = 0; i < 600; i++) {
      w.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', 2 * i));
      w.onMessage(record(response(200, 'OK', 'MESSAGE', 20, `ka-${i}`, DEVICE_ID, SERVER_ID), 'out', 2 * i + 1));
    }
    w.flush();
    const clock = { t: 0 };
    const reader = new SignallingReader(t.db, { stored: costlyReads(t.db, clock), now: () => clock.t });
    const first = reader.query({ deviceId: DEVICE_ID, limit: 200 });
    // The budget keeps time for the step under way and a garbage collection: rows are read until 32 ms of 40.
    expect(clock.t).toBeLessThanOrEqual(QUERY_BUDGET_MS - STEP_RESERVE_MS + 1);
    expect(first.messages.length).toBeGreaterThan(25);
    expect(first.messages.length).toBeLessThan(200);
    expect(first.hasMore).toBe(true);
    expect(first.searchedTo).toBe(first.messages.at(-1)!.id);
    // A templated keepalive's time, from its block's metadata.
    expect(first.searchedToTime).toBe(first.messages.at(-1)!.time);
    // Going on from where it stopped loses nothing.
    clock.t = 0;
    const next = reader.query({ deviceId: DEVICE_ID, limit: 200, before: first.searchedTo });
    const all = new SignallingReader(t.db).rows({ deviceId: DEVICE_ID }, { order: 'desc', limit: 2000 }, Number.POSITIVE_INFINITY).messages.map((d) => d.row.id);
    expect([...first.messages, ...next.messages].map((m) => m.id)).toEqual(all.slice(0, first.messages.length + next.messages.length));
  });

  it('stops in the chunk that ends a search when it is not the first', () => {
    const t = registrations(50);
    const clock = { t: 0 };
    const reader = new SignallingReader(t.db, { stored: costlyReads(t.db, clock), now: () => clock.t });
    // 31 rows a chunk: the first is looked at in full within the budget, the second (the last 19) is not.
    const r = reader.rows({ text: 'zq' }, { order: 'desc', limit: 31 }, 40);
    expect(clock.t).toBeLessThanOrEqual(40);
    expect(r.stoppedAt).toBeGreaterThan(1);
    // A search whose first chunk holds all its rows still runs to its end.
    clock.t = 0;
    expect(reader.rows({ text: 'zq' }, { order: 'desc', limit: 60 }, 40)).toEqual({ messages: [] });
  });
});
