import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogMessage } from '../../../shared/types/signalling';
import { createSignallingLog, type SignallingLogOptions } from './signalling-log';
import { tempDb, until } from './testing/db';
import { manualTailScheduler } from './testing/tail-scheduler';
import { DEVICE_ID, deviceMessage, keepaliveXml, record, register, unauthorized } from './testing/messages';

const T = 1_724_112_000_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function makeLog(opts: Partial<SignallingLogOptions> = {}) {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const log = createSignallingLog({
    db: t.db,
    settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }),
    exportDir: `${t.dir}/exports`,
    writeOn: 'worker',
    ...opts,
  });
  cleanups.push(() => log.close());
  return { log, ...t };
}

describe('createSignallingLog with a writer thread', () => {
  it('collects the writer thread\'s heap when asked (once a storm is over), compacting what the storm left', { timeout: 60_000 }, async () => {
    const { log } = makeLog({ timers: false });
    await log.ready();
    for (let i = 0; i < 20_000; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    await log.flush();
    const heap = await log.collectHeap!();
    expect(heap).not.toBeNull();
    expect(heap!.totalAfter).toBeLessThan(heap!.totalBefore);
    expect(heap!.usedAfter).toBeLessThan(heap!.totalAfter);
  });

  it('stores on the writer thread what the tap copied; this thread reads it, live tail included', async () => {
    const tailed: LogMessage[] = [];
    const { log, db } = makeLog({ timers: false, onBatch: (m) => tailed.push(...m), tail: { intervalMs: 1, maxBatch: 1000 } });
    await log.ready();
    const raw = register();
    const rec = record(raw, 'in', T);
    log.tap.onMessage(rec);
    raw.fill(0); // the SIP stack may reuse its buffer: the tap kept a copy
    log.tap.onMessage(record(unauthorized(), 'out', T + 1));
    for (let i = 0; i < 700; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + 2 + i));
    await log.flush();
    expect(db.prepare('SELECT messages AS n FROM signalling_totals').get()).toEqual({ n: 702 });
    // Keepalives get no message row (their blocks describe them); the REGISTER and its 401 do.
    expect(db.prepare('SELECT count(*) AS n FROM signalling_message').get()).toEqual({ n: 2 });
    const { messages } = await log.query({ method: 'REGISTER', statusClass: 'request' });
    expect(messages.map((m) => [m.method, m.deviceId, m.peerAddress, m.time])).toEqual([['REGISTER', DEVICE_ID, '192.168.1.64:5060', T]]);
    expect((await log.get(messages[0].id))!.text).toBe(register().toString('utf8'));
    expect((await log.query({ text: 'WWW-Authenticate', method: 'REGISTER' })).messages.map((m) => m.status)).toEqual([401]);
    expect((await log.query({ method: 'Keepalive', limit: 1000 })).messages).toHaveLength(700);
    await until(() => tailed.length === 702, 'the live tail');
    expect(log.stats()).toMatchObject({ received: 702, stored: 702, dropped: 0, queued: 0, messages: 702 });
  });

  it('hands the live tail nothing while it is off (no console shows it), and what is stored after it is back on', async () => {
    const tailed: LogMessage[] = [];
    const { log } = makeLog({ timers: false, onBatch: (m) => tailed.push(...m), tail: { intervalMs: 1, maxBatch: 1000 } });
    await log.ready();
    log.liveTail!(false);
    for (let i = 0; i < 50; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    await log.flush();
    log.liveTail!(true);
    log.tap.onMessage(record(register(), 'in', T + 100));
    await log.flush();
    await until(() => tailed.length > 0, 'the live tail');
    expect(tailed.map((m) => m.method)).toEqual(['REGISTER']);
    expect((await log.query({ method: 'Keepalive', limit: 100 })).messages).toHaveLength(50);
  });

  it('stores what was handed over when it closes, then takes nothing', async () => {
    const { log, db } = makeLog({ timers: false });
    for (let i = 0; i < 50; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    await log.close();
    log.tap.onMessage(record(register(), 'in', T + 100));
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare('SELECT messages AS n FROM signalling_totals').get()).toEqual({ n: 50 });
    other.close();
  });

  it('hands the live tail what the writer thread stores on close, then closes it: nothing is sent after close', async () => {
    const clock = manualTailScheduler();
    const batches: LogMessage[][] = [];
    const { log } = makeLog({ timers: false, onBatch: (m) => batches.push(m), tailScheduler: clock });
    await log.ready();
    for (let i = 0; i < 5; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    await log.close();
    expect(clock.armed).toBeGreaterThan(0);
    clock.runAll();
    expect(batches).toEqual([]);
  });

  it('past its bound in memory, batches wait in the spool file next to the database: nothing is shed, order is kept, and the file is emptied once the writer took it all', async () => {
    const { log, db } = makeLog({ timers: false, handOver: { maxMessages: 100, batchMessages: 10 } });
    await log.ready();
    const spoolFile = `${db.name}.spool`;
    // No turn of the event loop in between: the writer thread cannot acknowledge anything yet.
    for (let i = 0; i < 1000; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    expect(log.stats()).toMatchObject({ received: 1000, dropped: 0, queued: 1000 });
    expect(fs.statSync(spoolFile).size).toBeGreaterThan(0);
    expect(fs.statSync(spoolFile).mode & 0o777).toBe(0o600);
    await log.flush();
    expect(log.stats()).toMatchObject({ messages: 1000, queued: 0, dropped: 0 });
    const { messages } = await log.query({ method: 'Keepalive', limit: 1000 });
    expect(messages.map((m) => m.time)).toEqual(Array.from({ length: 1000 }, (_, i) => T + 999 - i));
    expect(fs.statSync(spoolFile).size).toBe(0);
    // Caught up: the next message goes straight to the writer thread.
    log.tap.onMessage(record(register(), 'in', T + 2000));
    await log.flush();
    expect(log.stats()).toMatchObject({ messages: 1001, dropped: 0 });
    expect(fs.statSync(spoolFile).size).toBe(0);
    await log.close();
    expect(fs.existsSync(spoolFile)).toBe(false);
  });

  it('sheds and counts what the spool file has no room for', async () => {
    const { log } = makeLog({ timers: false, handOver: { maxMessages: 100, batchMessages: 10 }, spoolMaxBytes: 20 * 1024 });
    await log.ready();
    for (let i = 0; i < 1000; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    const { dropped } = log.stats();
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(900);
    await log.flush();
    expect(log.stats()).toMatchObject({ messages: 1000 - dropped, queued: 0, dropped });
  });

  it('without a spool file, sheds past its bound and counts it, and takes messages again once the writer caught up', async () => {
    const { log } = makeLog({ timers: false, handOver: { maxMessages: 100, batchMessages: 10 }, spoolMaxBytes: 0 });
    // No turn of the event loop in between: the writer thread cannot acknowledge anything yet.
    for (let i = 0; i < 150; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    expect(log.stats()).toMatchObject({ received: 150, dropped: 50 });
    await log.flush();
    expect(log.stats()).toMatchObject({ messages: 100, queued: 0, dropped: 50 });
    log.tap.onMessage(record(register(), 'in', T + 200));
    await log.flush();
    expect(log.stats()).toMatchObject({ messages: 101, dropped: 50 });
  });

  it('with its timers on, sets no flush interval (an idle server is not woken) and still stores a lone message once it is due', async () => {
    const intervals = vi.spyOn(globalThis, 'setInterval');
    cleanups.push(() => intervals.mockRestore());
    const tailed: LogMessage[] = [];
    const { log } = makeLog({ onBatch: (m) => tailed.push(...m), tail: { intervalMs: 1, maxBatch: 1000 } });
    // Retention's minute is the only interval.
    expect(intervals.mock.calls.map((c) => c[1])).toEqual([60_000]);
    await log.ready();
    log.tap.onMessage(record(register(), 'in', T));
    await until(() => tailed.length === 1, 'the held message stored', 10_000);
    expect(log.stats()).toMatchObject({ received: 1, stored: 1, queued: 0 });
  });

  it('says how long the oldest message not yet stored has waited, while the database refuses the writer and until it stored it', { timeout: 30_000 }, async () => {
    const { log, dir } = makeLog({ timers: false, onError: () => {} });
    await log.ready();
    expect(log.stats().behindMs).toBe(0);
    // Another program holds the write lock: the writer waits for it (busy_timeout), then keeps the messages and tries again.
    const other = new Database(`${dir}/console.sqlite`);
    other.exec('BEGIN IMMEDIATE');
    try {
      log.tap.onMessage(record(register(), 'in', T));
      await until(() => log.stats().behindMs! >= 6000, 'the message waiting past the writer\'s busy timeout', 15_000);
      expect(log.stats()).toMatchObject({ stored: 0, queued: 1 });
      // Whole milliseconds, as server.stats gives them.
      expect(Number.isInteger(log.stats().behindMs)).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await until(() => log.stats().stored === 1 && log.stats().behindMs === 0, 'the message stored once the lock is gone', 10_000);
    expect(log.stats().queued).toBe(0);
  });

  it('runs retention on the writer thread', async () => {
    const now = T;
    const { log } = makeLog({ timers: false, now: () => now, settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }) });
    for (let i = 0; i < 20; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', now - (19 - i) * 86_400_000));
    await log.flush();
    expect((await log.prune()).byAge).toBe(12);
    expect(log.stats().messages).toBe(8);
    expect((await log.query({ limit: 100 })).messages).toHaveLength(8);
  });
});
