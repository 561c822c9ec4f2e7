import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { messageText } from './detail';
import { exportLog } from './export';
import { SignallingReader } from './reader';
import { Retention } from './retention';
import { tempDb } from './testing/db';
import { DEVICE_ID, SERVER_ID, catalogResponseGb2312, deviceMessage, keepaliveXml, record, register, response, unauthorized } from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** Keepalive pairs (templated), registrations, GB2312 bodies and bytes that are not SIP at all. */
function mixed(n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; out.length < n; i++) {
    out.push(deviceMessage(keepaliveXml(i), `ka-${i}-${(i * 7919) % 100_003}`));
    out.push(response(200, 'OK', 'MESSAGE', 20, `ka-${i}-${(i * 7919) % 100_003}`, DEVICE_ID, SERVER_ID));
    if (i % 5 === 0) out.push(register(DEVICE_ID, `reg-${i}`), unauthorized(DEVICE_ID, `reg-${i}`));
    if (i % 7 === 0) out.push(deviceMessage(catalogResponseGb2312(i), `cr-${i}`));
    if (i % 11 === 0) out.push(Buffer.from(Array.from({ length: 64 + i }, (_, k) => (k * 37 + i) & 255)));
  }
  return out.slice(0, n);
}

/** UDP payloads of a LINKTYPE_RAW IPv4 pcap, in order. */
function pcapPayloads(file: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 24; pos < file.length; ) {
    const len = file.readUInt32LE(pos + 8);
    const frame = file.subarray(pos + 16, pos + 16 + len);
    out.push(Buffer.from(frame.subarray(20 + 8)));
    pos += 16 + len;
  }
  return out;
}

describe('messages stored in compressed blocks', () => {
  it('export byte-exact: pcap payloads and text equal what was logged, for templated keepalives and all others', async () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    const raws = mixed(700);
    const w = new SignallingWriter(t.db);
    raws.forEach((raw, i) => w.onMessage(record(raw, i % 2 ? 'out' : 'in', T + i)));
    w.flush();
    const blocks = (t.db.prepare('SELECT count(*) AS n FROM signalling_block').get() as { n: number }).n;
    const pending = (t.db.prepare('SELECT count(*) AS n FROM signalling_pending').get() as { n: number }).n;
    expect(blocks).toBeGreaterThan(1);
    expect(pending).toBeLessThan(raws.length - 2 * 64);
    const templated = raws.length - (t.db.prepare('SELECT count(*) AS n FROM signalling_message').get() as { n: number }).n;
    expect(templated).toBeGreaterThan(raws.length / 2);

    const reader = new SignallingReader(t.db);
    const pcap = await exportLog(reader, {}, 'pcap', `${t.dir}/exports`, T);
    expect(pcap.count).toBe(raws.length);
    const payloads = pcapPayloads(fs.readFileSync(pcap.path));
    expect(payloads.length).toBe(raws.length);
    payloads.forEach((p, i) => expect(p.equals(raws[i]), `message ${i}`).toBe(true));

    const text = fs.readFileSync((await exportLog(reader, {}, 'text', `${t.dir}/exports`, T)).path, 'utf8');
    for (const i of [0, 1, 2, 3, 350, 699]) {
      const body = messageText(raws[i]).replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '');
      expect(text).toContain(body);
    }
    // Every message reads back exactly, from a block or from the pending table.
    const all = reader.rows({}, { order: 'asc', limit: 2000 }, Number.POSITIVE_INFINITY).messages;
    expect(all.map((d) => d.raw.equals(raws[d.row.id - all[0].row.id]))).toEqual(raws.map(() => true));
  });

  it('an export filtered by text finds templated keepalives without the trigram index', async () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    const raws = mixed(400);
    const w = new SignallingWriter(t.db);
    raws.forEach((raw, i) => w.onMessage(record(raw, 'in', T + i)));
    w.flush();
    const reader = new SignallingReader(t.db);
    const expected = raws.filter((r) => messageText(r).toLowerCase().includes('<sn>17</sn>'));
    const r = await exportLog(reader, { text: '<SN>17</SN>' }, 'pcap', `${t.dir}/exports`, T);
    expect(r.count).toBe(expected.length);
    expect(pcapPayloads(fs.readFileSync(r.path))).toEqual(expected);
  });

  it('blocks hold the exact messages whether compaction reads pending rows back or takes those just written', () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    const raws = mixed(900);
    const write = (w: SignallingWriter, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        w.onMessage(record(raws[i], i % 2 ? 'out' : 'in', T + i));
        if (i % 50 === 49) w.flush();
      }
      w.flush();
    };
    const exact = (first: number, count: number) => {
      const all = new SignallingReader(t.db).rows({}, { order: 'asc', limit: 2000 }, Number.POSITIVE_INFINITY).messages;
      expect(all.length).toBe(count);
      expect(all.map((d) => d.raw.equals(raws[first + d.row.id - all[0].row.id]))).toEqual(all.map(() => true));
    };
    // Pending rows left by an earlier run (a restart), then more written by a new writer.
    write(new SignallingWriter(t.db, { maxPerTransaction: 40 }), 0, 60);
    expect((t.db.prepare('SELECT count(*) AS n FROM signalling_block').get() as { n: number }).n).toBe(0);
    const w = new SignallingWriter(t.db, { maxPerTransaction: 40 });
    write(w, 60, 400);
    expect((t.db.prepare('SELECT count(*) AS n FROM signalling_block').get() as { n: number }).n).toBeGreaterThan(1);
    exact(0, 400);
    // Retention deletes every message, pending ones too; the writer goes on.
    new Retention(t.db, w.codes, w.storedMessages).prune(T + 8 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    exact(0, 0);
    write(w, 400, 900);
    exact(400, 500);
  });
});
