// npm run bench:log — signalling log: insert rate through the tap (100,000 messages) and query latency with
// 1,000,000 stored messages for the main filters. Databases live in the OS temp folder and are removed after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignallingRecord } from '../src/main/sip/tap';
import { createSignallingLog } from '../src/main/store/signalling';
import { SignallingReader } from '../src/main/store/signalling/reader';
import { SignallingWriter } from '../src/main/store/signalling/writer';
import {
  SERVER_ID,
  catalogQueryXml,
  catalogResponseGb2312,
  deviceMessage,
  inDialog,
  invite,
  inviteOk,
  keepaliveXml,
  record,
  register,
  response,
  serverMessage,
  unauthorized,
} from '../src/main/store/signalling/test-messages';
import { DATABASE_FILE, openDatabase } from '../src/main/store/sqlite/database';
import type { LogFilter } from '../src/shared/types/signalling';

const DEVICES = 1000;
const T0 = Date.UTC(2024, 7, 20, 0, 0, 0);
const STEP_MS = 50; // 20 messages/s on average over the stored period

const deviceId = (d: number) => '3402000000132' + String(d).padStart(7, '0');
const channelId = (d: number) => '3402000000131' + String(d).padStart(7, '0');

/**
 * The i-th message of a plausible mix: cycles of 20 messages (keepalives, a registration, a catalog, a live-view
 * call) go to the devices in turn; n counts a device's cycles.
 */
function message(i: number): SignallingRecord {
  const cycle = Math.floor(i / 20);
  const d = cycle % DEVICES;
  const dev = deviceId(d);
  const n = Math.floor(cycle / DEVICES);
  const time = T0 + i * STEP_MS;
  const at = (raw: Buffer, dir: 'in' | 'out') => record(raw, dir, time, { device: { address: `192.168.${(d >> 8) & 255}.${d & 255}`, port: 5060 } });
  switch (i % 20) {
    case 0: case 2: case 4: case 6: case 8:
      return at(deviceMessage(keepaliveXml(n, dev), `ka-${i}`, dev), 'in');
    case 1: case 3: case 5: case 7: case 9:
      return at(response(200, 'OK', 'MESSAGE', 20, `ka-${i - 1}`, dev, SERVER_ID), 'out');
    case 10: return at(register(dev, `reg-${n}@${d}`, 1), 'in');
    case 11: return at(unauthorized(dev, `reg-${n}@${d}`), 'out');
    case 12: return at(register(dev, `reg-${n}@${d}`, 2, true), 'in');
    case 13: return at(response(200, 'OK', 'REGISTER', 2, `reg-${n}@${d}`, dev, dev), 'out');
    case 14: return at(serverMessage(catalogQueryXml(n, dev), `cq-${i}`, dev), 'out');
    case 15: return at(deviceMessage(catalogResponseGb2312(n, dev), `cr-${i}`, dev), 'in');
    case 16: return at(invite(`inv-${n}@${d}`, channelId(d)), 'out');
    case 17: return at(inviteOk(`inv-${n}@${d}`, channelId(d)), 'in');
    case 18: return at(inDialog('ACK', `inv-${n}@${d}`, 1, channelId(d)), 'out');
    default: return at(inDialog('BYE', `inv-${n}@${d}`, 2, channelId(d)), 'out');
  }
}

function freshDir(name: string): string {
  const dir = path.join(os.tmpdir(), name);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

function dbBytes(dir: string): number {
  return ['', '-wal'].reduce((sum, ext) => {
    const f = path.join(dir, DATABASE_FILE + ext);
    return sum + (fs.existsSync(f) ? fs.statSync(f).size : 0);
  }, 0);
}

const table: string[][] = [];
const row = (...cells: (string | number)[]) => table.push(cells.map(String));
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---- Part A: 100,000 messages through the tap --------------------------------------------------------------
async function insertRate(): Promise<void> {
  const N = 100_000;
  const recs = Array.from({ length: N }, (_, i) => message(i));

  // The cost the SIP path pays: onMessage alone (nothing flushes: the batch size is never reached).
  {
    const dir = freshDir('gb-log-bench-tap');
    const db = openDatabase(dir);
    const w = new SignallingWriter(db, { maxQueue: N, batchSize: N + 1 });
    const start = process.hrtime.bigint();
    for (const r of recs) w.onMessage(r);
    const ns = Number(process.hrtime.bigint() - start) / N;
    row('tap.onMessage (enqueue only)', `${fmt(ns, 0)} ns/message`, `${fmt(1e9 / ns / 1e6, 1)} M messages/s`);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const dir = freshDir('gb-log-bench-insert');
  const db = openDatabase(dir);
  const log = createSignallingLog({ db, settings: () => ({ logRetentionDays: 3650, logMaxMb: 1_048_576 }), exportDir: dir, timers: false });
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    log.tap.onMessage(recs[i]);
    // Let the size-triggered flush (scheduled with setImmediate) run, as the event loop would between packets.
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  log.flush();
  const sec = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = log.stats();
  if (stats.messages !== N || stats.dropped !== 0) throw new Error(`stored ${stats.messages} of ${N}, dropped ${stats.dropped}`);
  row('insert through the tap (batched, FTS indexed)', `${fmt(N / sec, 0)} messages/s`, `${N.toLocaleString('en-US')} in ${fmt(sec, 2)} s`);
  log.close();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = dbBytes(dir);
  row('disk use per stored message', `${fmt(bytes / N, 0)} bytes`, `${fmt(bytes / stats.bytes, 2)} x the message bytes`);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---- Part B: query latency at 1,000,000 stored messages -----------------------------------------------------
function timeIt(fn: () => unknown, runs = 15): { median: number; p95: number; result: unknown } {
  let result = fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    result = fn();
    ms.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(runs / 2)], p95: ms[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)], result };
}

async function queryLatency(): Promise<void> {
  const N = 1_000_000;
  const dir = freshDir('gb-log-bench-1m');
  const db = openDatabase(dir);
  // Bulk load only: a large page cache and no fsync; the queries below run on a normal connection.
  db.pragma('cache_size = -524288');
  db.pragma('synchronous = OFF');
  const w = new SignallingWriter(db, { maxQueue: 50_000, batchSize: N + 1, maxPerTransaction: 50_000 });
  const genStart = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    w.onMessage(message(i));
    if (w.queued === 50_000) w.flush();
  }
  w.flush();
  const genSec = Number(process.hrtime.bigint() - genStart) / 1e9;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  row('generate 1,000,000 stored messages (bulk, one transaction per 50,000)', `${fmt(N / genSec, 0)} messages/s`, `${fmt(genSec, 1)} s, ${fmt(dbBytes(dir) / 1e6, 0)} MB`);

  const qdb = openDatabase(dir);
  const reader = new SignallingReader(qdb);
  const mid = Math.floor(N / 2);
  const midTime = T0 + mid * STEP_MS;
  const someDevice = deviceId(431);
  const cases: [string, LogFilter & { before?: number }][] = [
    ['newest 200, no filter', {}],
    ['device (1 of 1,000)', { deviceId: someDevice }],
    ['device, page deep in the past', { deviceId: someDevice, before: 100_000 }],
    ['method REGISTER', { method: 'REGISTER' }],
    ['CmdType Catalog', { method: 'Catalog' }],
    ['status class 4xx', { statusClass: '4xx' }],
    ['direction in', { direction: 'in' }],
    ['time range (1 minute, mid-log)', { from: midTime, to: midTime + 60_000 }],
    ['text: a Call-ID (1 match)', { text: `cr-${mid + 15}` }],
    ['text: a device ID', { text: someDevice }],
    ['text: Chinese channel name', { text: '停车场枪机' }],
    ['text: not present anywhere', { text: 'no-such-text-anywhere' }],
    ['device + text', { deviceId: someDevice, text: 'Unauthorized' }],
    ['device + time range (1 hour)', { deviceId: someDevice, from: midTime, to: midTime + 3_600_000 }],
    ['CmdType + direction + time (1 hour)', { method: 'Keepalive', direction: 'in', from: midTime, to: midTime + 3_600_000 }],
    ['text + time range (1 hour)', { text: 'Digest', from: midTime, to: midTime + 3_600_000 }],
    ['short text (2 chars, common)', { text: '门' }],
    ['short text (2 chars, absent: full scan)', { text: 'qz' }],
  ];
  for (const [name, filter] of cases) {
    const t = timeIt(() => reader.query({ ...filter, limit: 200 }), name.includes('full scan') ? 3 : 15);
    const n = (t.result as { messages: unknown[] }).messages.length;
    row(`log.query ${name}`, `${fmt(t.median, 2)} ms median`, `${fmt(t.p95, 2)} ms p95, ${n} rows`);
  }
  const inviteAt = mid + 16; // i % 20 === 16 is an INVITE
  const callId = `inv-${Math.floor(inviteAt / 20 / DEVICES)}@${Math.floor(inviteAt / 20) % DEVICES}`;
  const call = timeIt(() => reader.call(callId));
  row('log.call (INVITE dialog)', `${fmt(call.median, 2)} ms median`, `${(call.result as unknown[]).length} messages`);
  const get = timeIt(() => reader.get(mid + 15));
  row('log.get (GB2312 Catalog, decoded)', `${fmt(get.median, 2)} ms median`, '');
  qdb.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

// LOG_BENCH=insert or LOG_BENCH=query runs one part only.
const part = process.env.LOG_BENCH;
const started = Date.now();
if (part !== 'query') await insertRate();
if (part !== 'insert') await queryLatency();
const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c].length)));
console.log('\nSignalling log benchmark\n');
for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`\n(total ${fmt((Date.now() - started) / 1000, 0)} s)`);
