// npx tsx bench/log-trickle.bench.ts — the signalling log's writer thread at a site's real keepalive rate: 10,000
// devices keepaliving every 60 s (167 MESSAGEs in and 167 200 OKs out a second), fed through the shipped path
// (createSignallingLog with writeOn 'worker' and its timers: the SIP thread's tap, the hand-over timer, the writer
// thread on a SQLite file in a temp folder) for TRICKLE_SEC seconds after TRICKLE_WARM_SEC (every device has
// keepalived once after 60 s). Reports the CPU of the writer thread and of the process's other threads besides the
// feeding one, per message, from /proc/self/task (Linux). Messages are built by the device simulator's and the SIP
// stack's own builders (random hex branches, tags and Call-IDs: about 3 % hold a 12+ digit run, as on a real site)
// before the measurement, so the feeding thread allocates little while it runs.
//   TRICKLE_DEVICES=10000 TRICKLE_SEC=60 TRICKLE_WARM_SEC=65 TRICKLE_TAIL=1 (live log on) TRICKLE_FLUSH_MS=100 (hand-over
//   timer) TRICKLE_NOLOG=1 (feed nothing: the process's own cost) TRICKLE_TIDS=file (the writer's thread ids, for perf -t)
// The first new thread listed is the writer; under tsx a second one may appear (the loader), counted with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSignallingLog } from '../src/main/store/signalling/signalling-log';
import { LOG_DATABASE_FILE, openDatabase } from '../src/main/store/sqlite/database';
import { LOG_MIGRATIONS } from '../src/main/store/sqlite/migrations';
import { createResponse, serializeMessage } from '../src/main/sip/message';
import type { SipRequest } from '../src/main/sip/message/types';
import type { SignallingRecord } from '../src/main/sip/tap';
import { newTag } from '../src/main/sip/transaction';
import { messageRequest } from '../src/device-sim/sip/requests';
import { encodeDoc, keepalive } from '../src/device-sim/manscdp/messages';

const DEVICES = Number(process.env.TRICKLE_DEVICES ?? 10_000);
const SEC = Number(process.env.TRICKLE_SEC ?? 60);
const WARM_SEC = Number(process.env.TRICKLE_WARM_SEC ?? 65);
const TAIL = process.env.TRICKLE_TAIL === '1';
const SERVER_ID = '34020000002000000001';
const DOMAIN = '3402000000';
const SERVER = { address: '10.0.0.1', port: 5060 };
const PERIOD_MS = 60_000;

const deviceId = (d: number) => '3402000000132' + String(d).padStart(7, '0');
const ipOf = (d: number) => `10.${1 + (d >> 16)}.${(d >> 8) & 255}.${d & 255}`;

function keepalivePair(d: number, sn: number, now: number): [SignallingRecord, SignallingRecord] {
  const id = deviceId(d);
  const local = { transport: 'UDP' as const, host: ipOf(d), port: 5060 };
  const req = messageRequest({ fromId: id, serverId: SERVER_ID, domain: DOMAIN, local, body: encodeDoc(keepalive(id, sn), { charset: 'gb2312' }) });
  const res = createResponse(req as SipRequest, 200, 'OK', { toTag: newTag() });
  const peer = { address: local.host, port: 5060 };
  return [
    { timeMs: now, direction: 'in', transport: 'UDP', local: SERVER, peer, raw: serializeMessage(req) },
    { timeMs: now, direction: 'out', transport: 'UDP', local: SERVER, peer, raw: serializeMessage(res) },
  ];
}

/** CPU ns of each thread of this process (/proc schedstat). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      out.set(Number(tid), Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // ended
    }
  }
  return out;
}
const threadName = (tid: number) => {
  try {
    return fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-log-trickle-'));
const db = openDatabase(dir, LOG_MIGRATIONS, LOG_DATABASE_FILE);
const tidsBefore = new Set(threadCpu().keys());
const log = createSignallingLog({ db, settings: () => ({ logRetentionDays: 3650, logMaxMb: 1_048_576 }), exportDir: dir, writeOn: 'worker', onBatch: () => {}, flushIntervalMs: process.env.TRICKLE_FLUSH_MS ? Number(process.env.TRICKLE_FLUSH_MS) : undefined });
const NOLOG = process.env.TRICKLE_NOLOG === '1';
await log.ready();
log.liveTail?.(TAIL);
await log.flush();
const writerTids = [...threadCpu().keys()].filter((t) => !tidsBefore.has(t));
if (process.env.TRICKLE_TIDS) fs.writeFileSync(process.env.TRICKLE_TIDS, writerTids.join(' '));

// Devices keepalive on their own clocks, spread over the period; sn counts per device.
const sn = new Uint32Array(DEVICES);
const phase = Float64Array.from({ length: DEVICES }, (_, d) => (d * PERIOD_MS) / DEVICES);
let next = 0;
let fed = 0;
// Built beforehand, so the feeding thread's allocations do not keep the shared GC threads busy while measuring.
const prebuilt: ([SignallingRecord, SignallingRecord] | undefined)[] = [];
{
  const total = Math.ceil(((WARM_SEC + SEC + 2) * DEVICES) / 60);
  const at = Date.now();
  for (let i = 0; i < total; i++) prebuilt.push(keepalivePair(i % DEVICES, ++sn[i % DEVICES], at + Math.floor(i / DEVICES) * PERIOD_MS + phase[i % DEVICES]));
}
const start = performance.now();
const startWall = Date.now();
/** Feeds every device whose keepalive is due by now (elapsed ms since start). */
function feedUntil(elapsed: number): void {
  for (;;) {
    const d = next % DEVICES;
    const due = Math.floor(next / DEVICES) * PERIOD_MS + phase[d];
    if (due > elapsed) return;
    const [req, res] = prebuilt[next] ?? keepalivePair(d, ++sn[d], startWall + due);
    prebuilt[next] = undefined;
    if (!NOLOG) {
      log.tap.onMessage(req);
      log.tap.onMessage(res);
    }
    fed += 2;
    next++;
  }
}

async function runFor(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // A socket read every few ms, as the SIP thread takes packets.
    await new Promise((r) => setTimeout(r, 5));
    feedUntil(performance.now() - start);
  }
}

console.log(`log-trickle  node ${process.version}, ${DEVICES} devices every 60 s, live tail ${TAIL ? 'on' : 'off'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await runFor(WARM_SEC * 1000);
const fed0 = fed;
const cpu0 = threadCpu();
const ru0 = process.resourceUsage();
const t0 = performance.now();
await runFor(SEC * 1000);
const cpu1 = threadCpu();
const wall = (performance.now() - t0) / 1000;
const ru1 = process.resourceUsage();
const n = fed - fed0;
const delta = (tid: number) => (cpu1.get(tid) ?? 0) - (cpu0.get(tid) ?? 0);
const writerNs = writerTids.reduce((s, t) => s + delta(t), 0);
let othersNs = 0;
for (const tid of cpu1.keys()) if (tid !== process.pid && !writerTids.includes(tid)) othersNs += delta(tid);
const mainNs = delta(process.pid);
const f = (ns: number) => `${(ns / 1e3 / n).toFixed(1)} µs a message, ${((ns / 1e9 / wall) * 100).toFixed(2)} % of a core`;
console.log(`fed          ${n} messages in ${wall.toFixed(1)} s (${(n / wall).toFixed(0)}/s), stored ${log.stats().stored}, dropped ${log.stats().dropped}`);
console.log(`writer       ${f(writerNs)} (${writerTids.map((t) => `${threadName(t)} ${t}: ${(delta(t) / 1e3 / n).toFixed(1)} µs`).join(', ')})`);
console.log(`other thr.   ${f(othersNs)} (V8 platform, libuv; shared by both threads: ${[...cpu1.keys()].filter((t) => t !== process.pid && !writerTids.includes(t) && delta(t) > 0).map((t) => `${threadName(t)} ${(delta(t) / 1e3 / n).toFixed(1)}`).join(', ')})`);
console.log(`feeder       ${f(mainNs)} (this thread: building messages and the tap)`);
console.log(`ctx switches voluntary ${ru1.voluntaryContextSwitches - ru0.voluntaryContextSwitches}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await log.close();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
