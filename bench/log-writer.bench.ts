// npx tsx bench/log-writer.bench.ts — the signalling log writer's CPU per stored message for a registration storm's
// mix (REGISTER/401/REGISTER/200, DeviceInfo and Catalog queries and answers with their 200s, SUBSCRIBE/NOTIFY,
// keepalives), written on this thread in commits of WRITER_PER_COMMIT (500, as the writer thread stores a backlog),
// and where that CPU goes: each part is timed by replacing it with nothing in a run of its own (the text index insert,
// the message row insert, the compaction into blocks), so the differences are what each part costs.
// WRITER_MESSAGES (default 60,000) messages a run; WRITER_RUNS (3) runs of each variant, alternating.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignallingRecord } from '../src/main/sip/tap';
import { SERVER_ID, catalogQueryXml, catalogResponseGb2312, deviceMessage, keepaliveXml, record, register, response, serverMessage, unauthorized } from '../src/main/store/signalling/testing/messages';
import { SignallingWriter } from '../src/main/store/signalling/writer';
import { openDatabase } from '../src/main/store/sqlite/database';
import { LOG_MIGRATIONS } from '../src/main/store/sqlite/migrations';
import { seededDigits } from './support/seeded-digits';

const N = Number(process.env.WRITER_MESSAGES ?? 60_000);
const PER_COMMIT = Number(process.env.WRITER_PER_COMMIT ?? 500);
const RUNS = Number(process.env.WRITER_RUNS ?? 3);
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);

const digits = seededDigits(7);
const ipOf = (d: number) => `10.${(d >> 16) & 255}.${(d >> 8) & 255}.${d & 255}`;

function deviceInfoXml(sn: number, dev: string): string {
  return `<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n<CmdType>DeviceInfo</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${dev}</DeviceID>\r\n<DeviceName>IPC ${dev.slice(-4)}</DeviceName>\r\n<Result>OK</Result>\r\n<Manufacturer>Simulated</Manufacturer>\r\n<Model>SIM-1</Model>\r\n<Firmware>1.0</Firmware>\r\n<Channel>4</Channel>\r\n</Response>\r\n`;
}

function subscribe(dev: string, callId: string, sn: number): Buffer {
  const xml = `<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${dev}</DeviceID>\r\n</Query>\r\n`;
  return Buffer.from(
    [
      `SUBSCRIBE sip:${dev}@3402000000 SIP/2.0`,
      `Via: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK${digits(9)}`,
      `From: <sip:${SERVER_ID}@3402000000>;tag=${digits(8)}`,
      `To: <sip:${dev}@3402000000>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 SUBSCRIBE',
      'Event: Catalog',
      'Expires: 3600',
      'Contact: <sip:34020000002000000001@10.0.0.1:5060>',
      'Content-Type: Application/MANSCDP+xml',
      'Max-Forwards: 70',
      `Content-Length: ${xml.length}`,
      '',
      xml,
    ].join('\r\n'),
  );
}

function notify(dev: string, callId: string, sn: number): Buffer {
  const xml = catalogResponseGb2312(sn, dev);
  const head = [
    `NOTIFY sip:${SERVER_ID}@3402000000 SIP/2.0`,
    `Via: SIP/2.0/UDP ${ipOf(1)}:5060;rport;branch=z9hG4bK${digits(9)}`,
    `From: <sip:${dev}@3402000000>;tag=${digits(8)}`,
    `To: <sip:${SERVER_ID}@3402000000>;tag=${digits(8)}`,
    `Call-ID: ${callId}`,
    'CSeq: 2 NOTIFY',
    'Event: Catalog',
    'Subscription-State: active;expires=3600',
    'Content-Type: Application/MANSCDP+xml',
    `Content-Length: ${xml.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), xml]);
}

/** A device's share of a storm: registration, DeviceInfo and Catalog queries answered, a subscription, keepalives. */
function deviceStorm(d: number, time: number, out: SignallingRecord[]): void {
  const dev = '3402000000132' + String(d).padStart(7, '0');
  const at = (raw: Buffer, dir: 'in' | 'out') => out.push(record(raw, dir, time + out.length % 97, { device: { address: ipOf(d), port: 5060 } }));
  const reg = `${digits(10)}@${ipOf(d)}`;
  at(register(dev, reg, 1), 'in');
  at(unauthorized(dev, reg), 'out');
  at(register(dev, reg, 2, true), 'in');
  at(response(200, 'OK', 'REGISTER', 2, reg, dev, dev), 'out');
  for (const [q, a] of [
    [`<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>DeviceInfo</CmdType>\r\n<SN>${d}</SN>\r\n<DeviceID>${dev}</DeviceID>\r\n</Query>\r\n`, Buffer.from(deviceInfoXml(d, dev))],
    [catalogQueryXml(d + 1, dev), catalogResponseGb2312(d + 1, dev)],
  ] as const) {
    const qc = digits(10);
    at(serverMessage(q, qc, dev), 'out');
    at(response(200, 'OK', 'MESSAGE', 1, qc, SERVER_ID, dev), 'in');
    const ac = digits(10);
    at(deviceMessage(a, ac, dev), 'in');
    at(response(200, 'OK', 'MESSAGE', 20, ac, dev, SERVER_ID), 'out');
  }
  const sc = digits(10);
  at(subscribe(dev, sc, d + 2), 'out');
  at(response(200, 'OK', 'SUBSCRIBE', 1, sc, SERVER_ID, dev, ['Expires: 3600']), 'in');
  at(notify(dev, sc, d + 3), 'in');
  at(response(200, 'OK', 'NOTIFY', 2, sc, dev, SERVER_ID), 'out');
  for (let k = 0; k < 2; k++) {
    const kc = digits(10);
    at(deviceMessage(keepaliveXml(d + 10 + k, dev), kc, dev, 30 + k), 'in');
    at(response(200, 'OK', 'MESSAGE', 30 + k, kc, dev, SERVER_ID), 'out');
  }
}

const recs: SignallingRecord[] = [];
for (let d = 0; recs.length < N; d++) deviceStorm(d, T0 + d, recs);
recs.length = N;

function threadNs(): number {
  return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
}

type Variant = { name: string; patch: (w: SignallingWriter) => void };
const stub = (w: SignallingWriter, field: string) => ((w as any)[field] = { run: () => ({ changes: 1, lastInsertRowid: 0 }) });
/** Adds the thread CPU each call of w[method] takes to parts[name]. */
const parts = new Map<string, number>();
function timed(w: SignallingWriter, method: string, name: string): void {
  const o = w as any;
  const f = o[method].bind(o);
  o[method] = (...args: unknown[]) => {
    const t = threadNs();
    try {
      return f(...args);
    } finally {
      parts.set(name, (parts.get(name) ?? 0) + threadNs() - t);
    }
  };
}
const variants: Variant[] = [
  { name: 'whole writer', patch: () => {} },
  { name: '  the same, its parts timed', patch: (w) => (timed(w, 'compact', 'compact'), timed(w, 'writeBatch', 'writeBatch')) },
  { name: 'without the text index insert', patch: (w) => stub(w, 'insertText') },
  { name: 'without the message row insert', patch: (w) => stub(w, 'insertMessage') },
  { name: 'without compaction (messages stay pending)', patch: (w) => ((w as any).compact = () => {}) },
];
const only = process.env.WRITER_VARIANTS?.split(',').map(Number);

function run(v: Variant): { us: number; bytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-log-writer-'));
  const db = openDatabase(dir, LOG_MIGRATIONS);
  const w = new SignallingWriter(db, { batchSize: Number.MAX_SAFE_INTEGER, maxQueue: N + 1, maxPerTransaction: PER_COMMIT });
  v.patch(w);
  const before = threadNs();
  for (let i = 0; i < N; i += PER_COMMIT) {
    for (let j = i; j < Math.min(N, i + PER_COMMIT); j++) w.onMessage(recs[j]);
    w.flush();
  }
  const ns = threadNs() - before;
  if (w.stored !== N) throw new Error(`stored ${w.stored} of ${N}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  fs.rmSync(dir, { recursive: true, force: true });
  return { us: ns / 1e3 / N, bytes };
}

const results = new Map<string, number[]>();
const sizes = new Map<string, number>();
const chosen = variants.filter((_, i) => !only || only.includes(i));
run(chosen[0]); // warm-up: code compiled, files cached
parts.clear();
for (let r = 0; r < RUNS; r++) {
  for (const v of chosen) {
    const { us, bytes } = run(v);
    results.set(v.name, [...(results.get(v.name) ?? []), us]);
    sizes.set(v.name, bytes);
  }
}
console.log(`\nwriter CPU per stored message, storm mix, ${N.toLocaleString('en-US')} messages in commits of ${PER_COMMIT} (${RUNS} runs each, alternating; load ${os.loadavg()[0].toFixed(2)})\n`);
for (const v of chosen) {
  const us = results.get(v.name)!.sort((a, b) => a - b);
  console.log(`${v.name.padEnd(46)} ${us.map((u) => u.toFixed(1)).join(' / ').padEnd(22)} µs a message   ${(sizes.get(v.name)! / N).toFixed(0)} B/msg on disk`);
}
console.log(`\n(the timed run's parts, µs a message: ${[...parts].map(([k, ns]) => `${k} ${(ns / 1e3 / N / RUNS).toFixed(1)}`).join(', ')}; writeBatch includes compact, the inserts and the commit)`);
