// npm run bench:log — signalling log: disk bytes per message for a keepalive-heavy site, the days of history
// 1 GB holds for 1,000 devices keepaliving every 60 s, query times at the generated size, and the writer's rate
// for a registration storm. The site is generated at its real message mix for LOG_BENCH_HOURS hours of traffic
// (default 24: about 3 million messages); 7 days is 7 x 24 / hours times that, and the figures extrapolate
// linearly (bytes per message do not depend on the size; query times are measured at the generated size).
// Databases live in the OS temp folder and are removed after; LOG_BENCH_KEEP=dir keeps the site's log there
// and, when that folder already holds one, queries it instead of generating it again (size lines then say so).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignallingRecord } from '../src/main/sip/tap';
import { createSignallingLog } from '../src/main/store/signalling';
import { SignallingReader } from '../src/main/store/signalling/reader';
import { estimateDiskBytes } from '../src/main/store/signalling/retention';
import { TapQueue } from '../src/main/store/signalling/tap-queue';
import { prefillDeviceIndex } from '../src/main/store/signalling/testing/prefill';
import { SignallingWriter } from '../src/main/store/signalling/writer';
import {
  SERVER_ID,
  catalogQueryXml,
  catalogResponseGb2312,
  deviceMessage,
  inDialog,
  invite,
  inviteOk,
  record,
  register,
  response,
  serverMessage,
  unauthorized,
} from '../src/main/store/signalling/testing/messages';
import { DATABASE_FILE, openDatabase } from '../src/main/store/sqlite/database';
import type { LogFilter } from '../src/shared/types/signalling';
import { seededDigits } from './support/seeded-digits';

const DEVICES = 1000;
const HOURS = Number(process.env.LOG_BENCH_HOURS ?? 24);
const T0 = Date.UTC(2024, 7, 20, 0, 0, 0);
const GB = 1024 ** 3;

const deviceId = (d: number) => '3402000000132' + String(d).padStart(7, '0');
const channelId = (d: number) => '3402000000131' + String(d).padStart(7, '0');
const ipOf = (d: number) => `192.168.${(d >> 8) & 255}.${d & 255}`;

const digits = seededDigits(42);

/** A camera's Keepalive and the console's 200 OK, as a common IPC firmware writes them. */
function keepalivePair(d: number, sn: number, time: number): SignallingRecord[] {
  const id = deviceId(d);
  const ip = ipOf(d);
  const branch = digits(9);
  const tag = digits(9);
  const callId = digits(10);
  const body =
    `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>${sn}</SN>\r\n` +
    `<DeviceID>${id}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n`;
  const req = [
    `MESSAGE sip:${SERVER_ID}@3402000000 SIP/2.0`,
    `Via: SIP/2.0/UDP ${ip}:5060;rport;branch=z9hG4bK${branch}`,
    `From: <sip:${id}@3402000000>;tag=${tag}`,
    `To: <sip:${SERVER_ID}@3402000000>`,
    `Call-ID: ${callId}`,
    `CSeq: ${20 + sn} MESSAGE`,
    'Content-Type: Application/MANSCDP+xml',
    'Max-Forwards: 70',
    'User-Agent: IP Camera',
    `Content-Length: ${body.length}`,
    '',
    body,
  ].join('\r\n');
  const res = [
    'SIP/2.0 200 OK',
    `Via: SIP/2.0/UDP ${ip}:5060;rport=5060;branch=z9hG4bK${branch};received=${ip}`,
    `From: <sip:${id}@3402000000>;tag=${tag}`,
    `To: <sip:${SERVER_ID}@3402000000>;tag=${digits(8)}`,
    `Call-ID: ${callId}`,
    `CSeq: ${20 + sn} MESSAGE`,
    'User-Agent: GB28181 Console',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const at = { device: { address: ip, port: 5060 } };
  return [record(req, 'in', time, at), record(res, 'out', time + 1, at)];
}

/**
 * One minute of the site: every device keepalives; each registers again once an hour (REGISTER/401/REGISTER/200),
 * is asked for its catalog twice a day and carries four live calls a day (INVITE/200/ACK/BYE/200).
 */
function minute(m: number): SignallingRecord[] {
  const out: SignallingRecord[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const time = T0 + m * 60_000 + d * 59;
    const at = (raw: Buffer, dir: 'in' | 'out', dt = 2) => out.push(record(raw, dir, time + dt, { device: { address: ipOf(d), port: 5060 } }));
    out.push(...keepalivePair(d, m, time));
    const dev = deviceId(d);
    if ((m + d) % 60 === 0) {
      const reg = `${digits(10)}@${ipOf(d)}`;
      at(register(dev, reg, 1), 'in');
      at(unauthorized(dev, reg), 'out');
      at(register(dev, reg, 2, true), 'in');
      at(response(200, 'OK', 'REGISTER', 2, reg, dev, dev), 'out');
    }
    if ((m + d) % 720 === 7) {
      const cq = digits(10);
      at(serverMessage(catalogQueryXml(m, dev), cq, dev), 'out');
      at(response(200, 'OK', 'MESSAGE', 1, cq, SERVER_ID, dev), 'in');
      const cr = digits(10);
      at(deviceMessage(catalogResponseGb2312(m, dev), cr, dev), 'in');
      at(response(200, 'OK', 'MESSAGE', 20, cr, dev, SERVER_ID), 'out');
    }
    if ((m + d) % 360 === 13) {
      const inv = `${digits(10)}@10.0.0.1`;
      at(invite(inv, channelId(d)), 'out');
      at(inviteOk(inv, channelId(d)), 'in');
      at(inDialog('ACK', inv, 1, channelId(d)), 'out');
      at(inDialog('BYE', inv, 2, channelId(d)), 'out', 3);
      at(response(200, 'OK', 'BYE', 2, inv, SERVER_ID, channelId(d)), 'in', 3);
    }
  }
  return out;
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

/** CPU time of each thread of this process in ns (/proc schedstat, Linux; empty elsewhere). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        out.set(Number(tid), Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
      } catch {
        // the thread ended
      }
    }
  } catch {
    // not Linux
  }
  return out;
}

/** CPU of the busiest thread other than this one between two readings (the writer thread, while it stores). */
function busiestOtherNs(before: Map<number, number>, after: Map<number, number>): number | null {
  let most: number | null = null;
  for (const [tid, ns] of after) if (tid !== process.pid) most = Math.max(most ?? 0, ns - (before.get(tid) ?? 0));
  return most;
}

const table: string[][] = [];
const row = (...cells: (string | number)[]) => table.push(cells.map(String));
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---- Part A: a registration storm: what the tap costs the SIP thread, and the writer's rate ----------------
async function stormRate(): Promise<void> {
  const N = 100_000;
  // 4 messages per registration plus a DeviceInfo/Catalog query and its 200 OK for every device.
  const recs: SignallingRecord[] = [];
  for (let i = 0; recs.length < N; i++) {
    const d = i % 40_000;
    const dev = '3402000000132' + String(d).padStart(7, '0');
    const reg = `${digits(10)}@storm`;
    const at = (raw: Buffer, dir: 'in' | 'out') => recs.push(record(raw, dir, T0 + recs.length, { device: { address: ipOf(d), port: 5060 } }));
    at(register(dev, reg, 1), 'in');
    at(unauthorized(dev, reg), 'out');
    at(register(dev, reg, 2, true), 'in');
    at(response(200, 'OK', 'REGISTER', 2, reg, dev, dev), 'out');
    const q = digits(10);
    at(serverMessage(catalogQueryXml(i, dev), q, dev), 'out');
    at(response(200, 'OK', 'MESSAGE', 1, q, SERVER_ID, dev), 'in');
  }
  // The tap alone, as the SIP thread runs it (copy into hand-over batches; the batches are taken at once).
  {
    let q: TapQueue | null = null;
    q = new TapQueue((_buf, end, count) => q!.acknowledge(count, end));
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      for (let i = 0; i < N; i++) q.onMessage(recs[i]);
      q.handOver();
      runs.push((performance.now() - t) / N);
    }
    runs.sort((a, b) => a - b);
    row('storm mix: the tap alone on the SIP thread', `${fmt(runs[2] * 1000, 2)} µs a message`, `median of 5 runs of ${N.toLocaleString('en-US')} (best ${fmt(runs[0] * 1000, 2)} µs); ${fmt(1000 / runs[2], 0)} messages/s of SIP-thread time`);
  }
  // On the SIP thread (what ships): the tap copies, a writer thread stores. The feed waits whenever the hand-over
  // queue holds 20,000 messages, so the end-to-end rate is what the writer thread sustains, with nothing shed.
  {
    const dir = freshDir('gb-log-bench-storm');
    const db = openDatabase(dir);
    const log = createSignallingLog({ db, settings: () => ({ logRetentionDays: 3650, logMaxMb: 1_048_576 }), exportDir: dir, timers: false, writeOn: 'worker' });
    await log.flush(); // the writer thread is up
    const cpuBefore = threadCpu();
    let tapNs = 0n;
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const t = process.hrtime.bigint();
      log.tap.onMessage(recs[i]);
      tapNs += process.hrtime.bigint() - t;
      // A turn of the event loop every 50 messages, as between packets; wait while the writer thread is behind.
      if (i % 50 === 49) {
        await new Promise((r) => setImmediate(r));
        while (log.stats().queued > 20_000) await new Promise((r) => setTimeout(r, 1));
      }
    }
    await log.flush();
    const sec = Number(process.hrtime.bigint() - start) / 1e9;
    const writerNs = busiestOtherNs(cpuBefore, threadCpu());
    const tapSec = Number(tapNs) / 1e9;
    const stats = log.stats();
    if (stats.messages !== N || stats.dropped !== 0) throw new Error(`stored ${stats.messages} of ${N}, dropped ${stats.dropped}`);
    row('  the same, timed call by call while the writer thread runs', `${fmt(tapSec * 1e6 / N, 2)} µs a message`, 'includes the thread being descheduled while the writer and other processes share the cores');
    row('storm mix: stored end-to-end by the writer thread', `${fmt(N / sec, 0)} messages/s`, `${fmt(N / sec / 6, 0)} registrations/s with their query; ${fmt(sec, 2)} s for ${N.toLocaleString('en-US')}`);
    if (writerNs !== null) {
      row('  CPU of the writer thread', `${fmt(writerNs / 1e3 / N, 1)} µs a message`, `${fmt((1e9 * N) / writerNs, 0)} messages/s of its CPU (busiest thread besides the SIP thread; rates vary with load, this less)`);
    }
    await log.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // For comparison: the same writer on the calling thread (writeOn 'caller'), which is what the tap cost before.
  {
    const dir = freshDir('gb-log-bench-storm');
    const db = openDatabase(dir);
    const log = createSignallingLog({ db, settings: () => ({ logRetentionDays: 3650, logMaxMb: 1_048_576 }), exportDir: dir, timers: false });
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      log.tap.onMessage(recs[i]);
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await log.flush();
    const sec = Number(process.hrtime.bigint() - start) / 1e9;
    row('storm mix: writer on the calling thread (not shipped)', `${fmt(N / sec, 0)} messages/s`, `the whole cost on one thread; ${fmt(sec, 2)} s`);
    await log.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The steady state of 10,000 devices keepaliving every 60 s: 333 messages/s, 33 to each commit of the writer thread.
 * `indexBlocks` > 0: on a log that has run for a while, its device index already describing that many blocks
 * (testing/prefill.ts; 140,000 blocks is about 13 hours of that site), the database reopened with a cold cache.
 */
function keepaliveCpu(indexBlocks = 0): void {
  const N = 60_000;
  const PER_COMMIT = 33;
  const recs: SignallingRecord[] = [];
  for (let m = 0; recs.length < N; m++) for (let d = 0; d < 10_000 && recs.length < N; d++) recs.push(...keepalivePair(d, m, T0 + m * 60_000 + d * 6));
  const dir = freshDir('gb-log-bench-keepalive');
  let db = openDatabase(dir);
  let note = 'an empty log';
  if (indexBlocks > 0) {
    const t = process.hrtime.bigint();
    prefillDeviceIndex(db, indexBlocks);
    const size = dbBytes(dir);
    db.close();
    db = openDatabase(dir);
    note = `a log whose device index describes ${indexBlocks.toLocaleString('en-US')} blocks (${fmt(size / 1e6, 0)} MB, filled in ${fmt(Number(process.hrtime.bigint() - t) / 1e9, 0)} s)`;
  }
  const w = new SignallingWriter(db, { batchSize: Number.MAX_SAFE_INTEGER });
  const cpu = () => threadCpu().get(process.pid) ?? 0;
  const before = cpu();
  for (let i = 0; i < N; i += PER_COMMIT) {
    for (let j = i; j < Math.min(N, i + PER_COMMIT); j++) w.onMessage(recs[j]);
    w.flush();
  }
  const ns = cpu() - before;
  if (ns > 0) row(`keepalives of 10,000 devices, 33 a commit, ${note}: writer CPU`, `${fmt(ns / 1e3 / N, 1)} µs a message`, `${fmt((ns / 1e9 / N) * 333 * 100, 2)} % of a core at 333 messages/s (warm, back to back; the real rate costs more)`);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---- Part B: a keepalive-heavy site, its size on disk and query times -----------------------------------------
/**
 * first: the warm-up run, the first time the query meets these blocks (earlier queries may have read some).
 * firstResult and results: what the warm-up and each timed run returned.
 */
function timeIt(fn: () => unknown, runs = 11): { first: number; median: number; p95: number; result: unknown; firstResult: unknown; results: unknown[] } {
  const start = process.hrtime.bigint();
  const firstResult = fn(); // warm-up
  const first = Number(process.hrtime.bigint() - start) / 1e6;
  const ms: number[] = [];
  const results: unknown[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    results.push(fn());
    ms.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { first, median: ms[Math.floor(runs / 2)], p95: ms[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)], result: results[runs - 1], firstResult, results };
}

async function site(): Promise<void> {
  const keep = process.env.LOG_BENCH_KEEP;
  const dir = keep ? path.resolve(keep) : freshDir('gb-log-bench-site');
  const minutes = Math.round(HOURS * 60);
  let n: number;
  if (keep && fs.existsSync(path.join(dir, DATABASE_FILE))) {
    const kept = openDatabase(dir);
    n = (kept.prepare('SELECT messages FROM signalling_totals WHERE id = 1').get() as { messages: number }).messages;
    kept.close();
    row(`reuse the log kept in ${dir} (LOG_BENCH_KEEP)`, `${n.toLocaleString('en-US')} messages`, 'generated by an earlier run; LOG_BENCH_HOURS must match it');
  } else {
    n = generateSite(dir, minutes);
  }
  await querySite(dir, n, minutes, keep !== undefined);
}

function generateSite(dir: string, minutes: number): number {
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(dir);
  db.pragma('cache_size = -262144');
  // Transactions of 500 messages, as the writer thread stores them (writeOn 'worker').
  const w = new SignallingWriter(db, { maxQueue: 100_000, batchSize: Number.MAX_SAFE_INTEGER, maxPerTransaction: 500 });
  const genStart = process.hrtime.bigint();
  let n = 0;
  let bytes = 0;
  let keepalives = 0;
  for (let m = 0; m < minutes; m++) {
    for (const r of minute(m)) {
      w.onMessage(r);
      n++;
      bytes += r.raw.length;
      if (r.raw.includes('Keepalive')) keepalives++;
    }
    w.flush();
  }
  w.flush();
  const genSec = Number(process.hrtime.bigint() - genStart) / 1e9;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const disk = dbBytes(dir);
  const perMessage = disk / n;
  const perDay = n / (minutes / 1440);
  row(`generate ${fmt(HOURS, 0)} h of 1,000 devices (keepalive every 60 s, hourly registration, catalog, calls)`, `${n.toLocaleString('en-US')} messages`, `${fmt(genSec, 1)} s, ${fmt(n / genSec, 0)} messages/s stored; ${fmt((100 * keepalives) / n, 1)}% keepalive requests`);
  row('disk use per stored message (whole database file)', `${fmt(perMessage, 1)} bytes`, `${fmt(disk / 1e6, 1)} MB for ${fmt(bytes / 1e6, 1)} MB of messages (${fmt(bytes / n, 0)} bytes average)`);
  row('days of history 1 GB holds for 1,000 devices at 60 s', `${fmt(GB / (perMessage * perDay), 2)} days`, `${fmt(perDay / 1e6, 2)} M messages a day; target >= 7`);
  row('7 days of that site', `${fmt((7 * perDay * perMessage) / GB, 2)} GB`, `${fmt((7 * perDay) / 1e6, 1)} M messages (extrapolated from ${fmt(HOURS, 0)} h)`);
  return n;
}

async function querySite(dir: string, n: number, minutes: number, keep: boolean): Promise<void> {
  const disk = dbBytes(dir);
  const perMessage = disk / n;
  const qdb = openDatabase(dir);
  const pageSize = qdb.pragma('page_size', { simple: true }) as number;
  const free = (qdb.pragma('freelist_count', { simple: true }) as number) * pageSize;
  row('  of which free pages (reused by later writes)', `${fmt(free / n, 1)} bytes`, `in use: ${fmt((disk - free) / n, 1)} bytes per message`);
  const parts = qdb.prepare(`SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE '%signalling%' GROUP BY name ORDER BY bytes DESC`).all() as { name: string; bytes: number }[];
  // Retention and Settings' "days the current limit keeps" go by this estimate, not by the file's size.
  const totals = qdb.prepare('SELECT messages, stored_bytes AS stored, indexed FROM signalling_totals WHERE id = 1').get() as { messages: number; stored: number; indexed: number };
  const estimate = estimateDiskBytes(totals) / n;
  row('  size estimate (retention, Settings\' days at the limit)', `${fmt(estimate, 1)} bytes`, `${fmt((100 * (estimate - perMessage)) / perMessage, 1)}% against the file`);
  row('  where the bytes go (per message)', parts.filter((p) => p.bytes / n >= 0.5).map((p) => `${p.name.replace('signalling_', '')} ${fmt(p.bytes / n, 1)}`).join(', '), '');
  const filters = qdb.prepare(`SELECT (SELECT coalesce(sum(length(calls)), 0) FROM signalling_block_info) AS blocks, (SELECT coalesce(sum(length(bits)), 0) FROM signalling_call_group) AS groups`).get() as { blocks: number; groups: number };
  row('  of which Call-ID filters (blocks + groups of ids)', `${fmt((filters.blocks + filters.groups) / n, 2)} bytes`, `blocks ${fmt(filters.blocks / n, 2)}, groups ${fmt(filters.groups / n, 2)} (stored bytes, without row overhead)`);
  const reader = new SignallingReader(qdb);
  const total = n;
  const midTime = T0 + (minutes / 2) * 60_000;
  const someDevice = deviceId(431);
  const cases: [string, LogFilter & { before?: number }][] = [
    ['newest 200, no filter', {}],
    ['device (1 of 1,000)', { deviceId: someDevice }],
    ['device, page deep in the past', { deviceId: someDevice, before: Math.floor(total / 10) }],
    ['method REGISTER', { method: 'REGISTER' }],
    ['CmdType Catalog', { method: 'Catalog' }],
    ['CmdType Keepalive', { method: 'Keepalive' }],
    ['status class 4xx', { statusClass: '4xx' }],
    ['method INVITE + 2xx (rare)', { method: 'INVITE', statusClass: '2xx' }],
    ['CmdType Alarm (absent)', { method: 'Alarm' }],
    ['direction in', { direction: 'in' }],
    ['time range (1 minute, mid-log)', { from: midTime, to: midTime + 60_000 }],
    ['text: a device ID (keepalives by device code)', { text: someDevice }],
    ['text: Chinese channel name', { text: '停车场枪机' }],
    ['text: WWW-Authenticate', { text: 'WWW-Authenticate' }],
    ['text: <Status>OK (in every keepalive)', { text: '<Status>OK' }],
    ['text: not present anywhere (budget)', { text: 'no-such-text-anywhere' }],
    ['device + text', { deviceId: someDevice, text: 'Unauthorized' }],
    ['device + text absent from keepalives', { deviceId: someDevice, text: 'Digest' }],
    ['device + time range (1 hour)', { deviceId: someDevice, from: midTime, to: midTime + 3_600_000 }],
    ['CmdType + direction + time (1 hour)', { method: 'Keepalive', direction: 'in', from: midTime, to: midTime + 3_600_000 }],
    ['text + time range (1 hour)', { text: 'Digest', from: midTime, to: midTime + 3_600_000 }],
    ['short text (1 char, common)', { text: '门' }],
  ];
  for (const [name, filter] of cases) {
    const t = timeIt(() => reader.query({ ...filter, limit: 200 }));
    type R = { messages: unknown[]; searchedTo?: number };
    const r = t.result as R;
    const note = r.searchedTo !== undefined ? `, searched down to id ${r.searchedTo.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}` : '';
    // Runs that stopped at the time budget return fewer rows (and say where they stopped): count them.
    const first = t.firstResult as R;
    const firstNote = first.searchedTo !== undefined ? ` (${first.messages.length} rows, stopped at its budget)` : '';
    const stopped = (t.results as R[]).filter((x) => x.searchedTo !== undefined);
    const stopNote = stopped.length > 0 && r.searchedTo === undefined ? `; ${stopped.length} of 11 runs stopped at the budget (fewest ${Math.min(...stopped.map((x) => x.messages.length))} rows)` : '';
    row(`log.query ${name}`, `${fmt(t.median, 2)} ms median`, `${fmt(t.p95, 2)} ms p95 (max of 11), first ${fmt(t.first, 1)} ms${firstNote}, ${r.messages.length} rows${note}${stopNote}`);
  }
  const call = reader.query({ method: 'INVITE', statusClass: 'request', limit: 1 }).messages[0];
  if (call?.callId) {
    const t = timeIt(() => reader.call(call.callId!));
    row('log.call (INVITE dialog)', `${fmt(t.median, 2)} ms median`, `${(t.result as unknown[]).length} messages`);
  }
  // Keepalives have no Call-ID index entry: log.call by the Call-ID alone finds them through the blocks' Call-ID
  // filters (call-filter.ts); in a log stored before those, by their bytes newest first within its time budget.
  for (const [name, before] of [['a keepalive a minute old', total - 3000], ['a keepalive mid-log', Math.floor(total / 2)], ['a keepalive of the first hour', Math.floor(total / 168)]] as const) {
    const ka = reader.query({ method: 'Keepalive', statusClass: 'request', limit: 1, before }).messages[0];
    if (!ka?.callId) continue;
    const t = timeIt(() => reader.call(ka.callId!), 11);
    row(`log.call (${name}, by its Call-ID alone)`, `${fmt(t.median, 2)} ms median`, `${fmt(t.p95, 2)} ms p95 (max of 11), first ${fmt(t.first, 1)} ms, ${(t.result as unknown[]).length} messages found (first run ${(t.firstResult as unknown[]).length})`);
    // The console names the message it shows (log.call's near): its transaction is read around it.
    const n = timeIt(() => reader.call(ka.callId!, { near: ka.id }), 3);
    row(`log.call (${name}, naming its message)`, `${fmt(n.median, 2)} ms median`, `first ${fmt(n.first, 1)} ms, ${(n.result as unknown[]).length} messages found`);
  }
  const absent = timeIt(() => reader.call('no-such-call-id@192.168.1.1'), 11);
  row('log.call (a Call-ID never logged)', `${fmt(absent.median, 2)} ms median`, `${fmt(absent.p95, 2)} ms p95 (max of 11), first ${fmt(absent.first, 1)} ms, ${(absent.result as unknown[]).length} messages`);
  const get = timeIt(() => reader.get(Math.floor(total / 2)));
  row('log.get (mid-log, decoded from its block)', `${fmt(get.median, 2)} ms median`, '');
  qdb.close();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

// LOG_BENCH=storm, LOG_BENCH=keepalive or LOG_BENCH=site runs one part only.
const part = process.env.LOG_BENCH;
const started = Date.now();
if (part !== 'site' && part !== 'keepalive') await stormRate();
if (part !== 'site') {
  keepaliveCpu();
  keepaliveCpu(Number(process.env.LOG_BENCH_INDEX_BLOCKS ?? 140_000));
}
if (part !== 'storm' && part !== 'keepalive') await site();
const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c].length)));
console.log('\nSignalling log benchmark\n');
for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`\n(total ${fmt((Date.now() - started) / 1000, 0)} s)`);
