// The PostgreSQL log's own cases: instances sharing one table, and PostgreSQL going away and coming back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../cluster/testing/wait-for';
import { deviceMessage, keepaliveXml, record, register } from '../signalling/testing/messages';
import { openPostgresEngine, type PostgresEngine } from './engine';
import { createPgSignallingLog, type PgLogOptions } from './signalling-log';
import { pgForFile } from './testing/pg-for-file';

const T0 = 1_700_000_000_000;
const pg = pgForFile();
let dbCount = 0;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function engineOn(url: string): Promise<PostgresEngine> {
  const engine = await openPostgresEngine(url, { poolSize: 4, onError: () => {} });
  cleanups.push(() => engine.close());
  return engine;
}

async function logOn(engine: PostgresEngine, o: Partial<PgLogOptions> & { instance: string }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-pglog-'));
  const log = await createPgSignallingLog({ pool: engine.pool, settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }), exportDir: dir, timers: false, ...o });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => log.close());
  return log;
}

/** Counts the statements sent through the engine's pool from now on (reset n between queries). */
function countStatements(engine: PostgresEngine): { n: number } {
  const count = { n: 0 };
  const query = engine.pool.query.bind(engine.pool) as (...args: unknown[]) => unknown;
  engine.pool.query = ((...args: unknown[]) => {
    count.n++;
    return query(...args);
  }) as typeof engine.pool.query;
  return count;
}

describe.skipIf(!pg.bin)(`signalling log in PostgreSQL${pg.skipReason}`, () => {
  it('instances sharing the database append to one table, each message tagged with its instance; either finds all', async () => {
    const url = await pg.server().createDatabase(`pglog_${process.pid}_${++dbCount}`);
    const a = await logOn(await engineOn(url), { instance: 'host-a:5060' });
    const b = await logOn(await engineOn(url), { instance: 'host-b:5060' });
    a.tap.onMessage(record(register('34020000001320000001', 'reg-a'), 'in', T0 + 1));
    await a.flush();
    b.tap.onMessage(record(register('34020000001320000002', 'reg-b'), 'in', T0 + 2));
    await b.flush();
    const fromA = (await a.query({})).messages;
    expect(fromA.map((m) => [m.deviceId, m.callId])).toEqual([['34020000001320000002', 'reg-b'], ['34020000001320000001', 'reg-a']]);
    expect((await a.query({ text: 'reg-b' })).messages.map((m) => m.id)).toEqual([fromA[0].id]);
    expect((await a.get(fromA[0].id))!.text).toBe(register('34020000001320000002', 'reg-b').toString('utf8'));
    // Each insert reads the shared totals back.
    expect(b.stats().messages).toBe(2);
    const engine = await engineOn(url);
    const { rows } = await engine.pool.query('SELECT instance, call_id FROM signalling_messages ORDER BY id');
    expect(rows).toEqual([{ instance: 'host-a:5060', call_id: 'reg-a' }, { instance: 'host-b:5060', call_id: 'reg-b' }]);
  });

  it('stores every byte as sent: quotes, backslashes, a NUL, bytes that are not UTF-8', async () => {
    const url = await pg.server().createDatabase(`pglog_${process.pid}_${++dbCount}`);
    const engine = await engineOn(url);
    const log = await logOn(engine, { instance: 'host-a:5060' });
    const body = Buffer.concat([Buffer.from('<Note>a "quoted" \\path\\ {x,y} NULL '), Buffer.from([0, 0xff, 0xfe, 0xc3]), Buffer.from('</Note>')]);
    const raw = Buffer.concat([
      Buffer.from(`MESSAGE sip:x@y SIP/2.0\r\nCall-ID: "odd\\id"\r\nFrom: <sip:34020000001320000001@3402000000>;tag=1\r\nTo: <sip:s@y>\r\nCSeq: 1 MESSAGE\r\nContent-Length: ${body.length}\r\n\r\n`),
      body,
    ]);
    log.tap.onMessage(record(raw, 'in', T0));
    await log.flush();
    const { rows } = await engine.pool.query<{ raw: Buffer; call_id: string }>('SELECT raw, call_id FROM signalling_messages');
    expect(rows[0].raw.equals(raw)).toBe(true);
    expect(rows[0].call_id).toBe('"odd\\id"');
    expect((await log.query({ text: '\\path\\ {x,y}' })).messages).toHaveLength(1);
    expect((await log.call('"odd\\id"')).map((m) => m.size)).toEqual([raw.length]);
  });

    it('a text search the trigram index cannot narrow stops at its budget and says how far it got, and the stored time there', async () => {
    const url = await pg.server().createDatabase(`pglog_${process.pid}_${++dbCount}`);
    const engine = await engineOn(url);
    const log = await logOn(engine, { instance: 'host-a:5060', searchWindow: 4, queryBudgetMs: 0 });
    // Message id k has time T0 + k - 1; keepalive 8 (id 9) has a '¤' in its Call-ID.
    log.tap.onMessage(record(register('34020000001320000001', 'reg-§'), 'in', T0));
    for (let i = 1; i <= 11; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), i === 8 ? 'ka-8-¤' : `ka-${i}`), 'in', T0 + i));
    await log.flush();
    const statements = countStatements(engine);
    // Each query reads one window of 4 ids (the budget is spent after the first) until it finds the REGISTER.
    const pages = [];
    let before: number | undefined;
    for (;;) {
      statements.n = 0;
      const r = await log.query({ text: '§', before });
      pages.push({ ids: r.messages.map((m) => m.id), hasMore: r.hasMore, searchedTo: r.searchedTo, searchedToTime: r.searchedToTime, statements: statements.n });
      if (r.searchedTo === undefined) break;
      before = r.searchedTo;
    }
    // A stop looks up the time of the message it got to (ids, then the window, then that one row).
    expect(pages).toEqual([
      { ids: [], hasMore: true, searchedTo: 9, searchedToTime: T0 + 8, statements: 3 },
      { ids: [], hasMore: true, searchedTo: 5, searchedToTime: T0 + 4, statements: 3 },
      { ids: [1], hasMore: false, searchedTo: undefined, searchedToTime: undefined, statements: 2 },
    ]);
    // Where the window's oldest message matched, its time comes from the row read: no lookup.
    statements.n = 0;
    const r = await log.query({ text: '¤' });
    expect([r.messages.map((m) => m.id), r.searchedTo, r.searchedToTime, statements.n]).toEqual([[9], 9, T0 + 8, 2]);
    // A message gone since (pruned) has no time to give, as in the SQLite log.
    await engine.pool.query('DELETE FROM signalling_messages WHERE id = 5');
    statements.n = 0;
    const gone = await log.query({ text: '§', before: 9 });
    expect([gone.searchedTo, gone.searchedToTime, statements.n]).toEqual([5, undefined, 3]);
    // Three characters go to the index at once.
    expect((await log.query({ text: 'reg-§' })).messages.map((m) => m.id)).toEqual([1]);
  });

    it('while PostgreSQL is down, messages wait up to the bound, newer ones are dropped and counted, and it says so; all waiting are stored once it is back', async () => {
    const server = pg.server();
    const url = await server.createDatabase(`pglog_${process.pid}_${++dbCount}`);
    const errors: string[] = [];
    const log = await logOn(await engineOn(url), { instance: 'host-a:5060', maxQueue: 5, retryMs: 0, onError: (t) => errors.push(t) });
    await server.pause();
    try {
      for (let i = 0; i < 3; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T0 + i));
      await log.flush();
      expect(errors).toEqual([expect.stringMatching(/^signalling log: PostgreSQL cannot be reached \(.*\); up to 5 messages wait, newer ones are dropped until it is back$/)]);
      for (let i = 3; i < 8; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T0 + i));
      expect(log.stats()).toMatchObject({ received: 8, stored: 0, dropped: 3, queued: 5 });
    } finally {
      await server.resume();
    }
    await waitFor('the waiting messages stored', async () => {
      await log.flush();
      return log.stats().stored === 5 ? true : undefined;
    });
    expect(log.stats()).toMatchObject({ received: 8, stored: 5, dropped: 3, queued: 0, messages: 5 });
    expect((await log.query({})).messages.map((m) => m.sn)).toEqual(['4', '3', '2', '1', '0']);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toBe('signalling log: PostgreSQL takes messages again; 3 message(s) were dropped while it could not be reached');
  });
});
