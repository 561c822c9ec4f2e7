import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogMessage } from '../../../shared/types/signalling';
import { SignallingReader } from './reader';
import { tempDb, until } from './testing/db';
import { messageText } from './detail';
import { DEVICE_ID, SERVER_ID, catalogResponseGb2312, deviceMessage, keepaliveXml, record, register, response, unauthorized } from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function setup(options: ConstructorParameters<typeof SignallingWriter>[1] = {}) {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const writer = new SignallingWriter(t.db, options);
  return { ...t, writer, reader: new SignallingReader(t.db) };
}

describe('SignallingWriter', () => {
  it('only queues on the tap; a flush stores the batch with its fields and text index', () => {
    const { db, writer, reader } = setup();
    writer.onMessage(record(register(), 'in', T));
    writer.onMessage(record(unauthorized(), 'out', T + 1));
    expect(db.prepare('SELECT count(*) AS n FROM signalling_message').get()).toEqual({ n: 0 });
    expect(writer.queued).toBe(2);
    writer.flush();
    expect(writer.queued).toBe(0);
    const { messages } = reader.query({});
    expect(messages.map((m) => [m.method, m.status, m.deviceId])).toEqual([
      [null, 401, DEVICE_ID],
      ['REGISTER', null, DEVICE_ID],
    ]);
    expect(messages[0].id).toBe(messages[1].id + 1);
    expect(reader.totals()).toEqual({ messages: 2, bytes: register().length + unauthorized().length });
    expect(reader.query({ text: 'WWW-Authenticate' }).messages.map((m) => m.status)).toEqual([401]);
  });

  it('writes all queued messages of a flush in one transaction', () => {
    const { db, writer } = setup();
    for (let i = 0; i < 300; i++) writer.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    // Another connection sees data_version move by one per transaction committed by others.
    const other = new Database(db.name, { readonly: true });
    const v0 = other.pragma('data_version', { simple: true }) as number;
    writer.flush();
    const v1 = other.pragma('data_version', { simple: true }) as number;
    expect(other.prepare('SELECT messages AS n FROM signalling_totals').get()).toEqual({ n: 300 });
    other.close();
    expect(v1 - v0).toBe(1);
  });

  it('commits the blocks a flush completes together with its messages: one commit a flush', () => {
    const { db, writer, reader } = setup();
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = walCommits(`${db.name}-wal`);
    for (let i = 0; i < 1_000; i++) writer.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    writer.flush();
    expect((db.prepare('SELECT count(*) AS n FROM signalling_block').get() as { n: number }).n).toBeGreaterThan(0);
    // maxPerTransaction is 2,000: the 1,000 messages and every block they complete are one commit.
    expect(walCommits(`${db.name}-wal`) - before).toBe(1);
    expect(reader.query({ limit: 1_000 }).messages.map((m) => m.sn)).toEqual(Array.from({ length: 1_000 }, (_, i) => String(999 - i)));
  });

  it("indexes each message's decoded text: ASCII messages as their bytes, the same trigrams in the same rows", () => {
    const { db, writer, reader } = setup();
    const padded = Buffer.concat([deviceMessage(Buffer.concat([Buffer.from(keepaliveXml(7).replace('Keepalive', 'MediaStatus')), Buffer.alloc(3)]), 'pad-1'), Buffer.from('tail after the body')]);
    const raws = [
      register(),
      unauthorized(),
      register(DEVICE_ID, 'reg-1@192.168.1.64', 2, true),
      response(200, 'OK', 'REGISTER', 2, 'reg-1@192.168.1.64', DEVICE_ID, DEVICE_ID),
      deviceMessage(catalogResponseGb2312(3), 'cat-1'),
      padded,
      Buffer.from('MESSAGE sip:x SIP/2.0\r\nCall-ID: no-end-of-headers'),
    ];
    raws.forEach((raw, i) => writer.onMessage(record(raw, i % 2 ? 'out' : 'in', T + i)));
    writer.flush();
    const ids = (db.prepare('SELECT rowid AS id FROM signalling_text ORDER BY rowid').all() as { id: number }[]).map((r) => r.id);
    expect(ids).toHaveLength(raws.length);
    db.exec(`CREATE VIRTUAL TABLE expected_text USING fts5 (text, content = '', tokenize = 'trigram', detail = none);
      CREATE VIRTUAL TABLE temp.written_terms USING fts5vocab(main, signalling_text, instance);
      CREATE VIRTUAL TABLE temp.expected_terms USING fts5vocab(main, expected_text, instance);`);
    const insert = db.prepare('INSERT INTO expected_text (rowid, text) VALUES (?, ?)');
    raws.forEach((raw, i) => insert.run(ids[i], messageText(raw)));
    const terms = (table: string) => db.prepare(`SELECT term, doc FROM ${table} ORDER BY term, doc`).all();
    expect(terms('written_terms')).toEqual(terms('expected_terms'));
    expect(reader.query({ text: 'tail after' }).messages).toHaveLength(0);
    expect(reader.query({ text: '</Notify>\r\n' }).messages).toHaveLength(1);
  });

  it('inserts as pending rows only the messages no block of the same commit took', () => {
    const { db, writer, reader } = setup();
    db.exec(`CREATE TEMP TABLE pending_inserts (n INTEGER); INSERT INTO pending_inserts VALUES (0);
      CREATE TEMP TRIGGER count_pending AFTER INSERT ON main.signalling_pending BEGIN UPDATE pending_inserts SET n = n + 1; END;`);
    const inserted = () => (db.prepare('SELECT n FROM pending_inserts').get() as { n: number }).n;
    const pendingAfter = (id: number) => (db.prepare('SELECT count(*) AS n FROM signalling_pending WHERE id > ?').get(id) as { n: number }).n;
    const perFlush: { inserted: number; left: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const before = inserted();
      for (let i = 0; i < 333; i++) writer.onMessage(record(deviceMessage(keepaliveXml(round * 333 + i), `ka-${round}-${i}`), 'in', T + round * 1000 + i));
      writer.flush();
      perFlush.push({ inserted: inserted() - before, left: pendingAfter(round * 333) });
    }
    // Every flush completes a block: its messages that block took never entered the pending table.
    expect(perFlush.map((f) => f.inserted)).toEqual(perFlush.map((f) => f.left));
    expect(perFlush.some((f) => f.left < 333)).toBe(true);
    expect(reader.query({ limit: 1_000 }).messages.map((m) => m.sn)).toEqual(Array.from({ length: 999 }, (_, i) => String(998 - i)));
  });

  it('flushes by itself once batchSize messages are queued', async () => {
    const batches: LogMessage[][] = [];
    const { writer } = setup({ batchSize: 5, onStored: (m) => batches.push(m) });
    for (let i = 0; i < 5; i++) writer.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    await until(() => batches.length > 0, 'the size-triggered flush');
    expect(batches[0].map((m) => m.sn)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('drops the oldest beyond the queue bound and counts them', () => {
    const { writer, reader } = setup({ maxQueue: 10, batchSize: 1_000 });
    for (let i = 0; i < 25; i++) writer.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    expect(writer.queued).toBe(10);
    expect(writer.dropped).toBe(15);
    writer.flush();
    expect(reader.query({}).messages.map((m) => m.sn)).toEqual(['24', '23', '22', '21', '20', '19', '18', '17', '16', '15']);
  });

  it('keeps the batch when the database is busy and stores it on the next flush', () => {
    const errors: string[] = [];
    const { db, writer, reader } = setup({ onError: (e) => errors.push(e) });
    db.pragma('busy_timeout = 0');
    const other = new Database(db.name);
    other.exec('BEGIN IMMEDIATE');
    writer.onMessage(record(register(), 'in', T));
    writer.flush();
    expect(writer.queued).toBe(1);
    expect(errors[0]).toMatch(/signalling log: cannot store messages \(database is locked\); will retry/);
    other.exec('ROLLBACK');
    other.close();
    writer.flush();
    expect(writer.queued).toBe(0);
    expect(reader.query({}).messages).toHaveLength(1);
    expect(errors[1]).toBe('signalling log: storing messages again');
  });

  it('never throws into the SIP path and skips CRLF keep-alives', () => {
    const { writer } = setup();
    expect(() => writer.onMessage({} as never)).not.toThrow();
    writer.onMessage(record('\r\n\r\n', 'in', T));
    expect(writer.keepAlivesSkipped).toBe(1);
    expect(writer.queued).toBe(0);
  });

  it('gives the 200 OK to a MESSAGE the CmdType and SN of its request', () => {
    const { writer, reader } = setup();
    writer.onMessage(record(deviceMessage(keepaliveXml(5), 'ka-5'), 'in', T));
    writer.onMessage(record(response(200, 'OK', 'MESSAGE', 20, 'ka-5', DEVICE_ID, SERVER_ID), 'out', T + 1));
    writer.onMessage(record(response(200, 'OK', 'MESSAGE', 20, 'other', DEVICE_ID, SERVER_ID), 'out', T + 2));
    writer.flush();
    expect(reader.query({}).messages.map((m) => [m.status, m.cmdType, m.sn])).toEqual([
      [200, null, null],
      [200, 'Keepalive', '5'],
      [null, 'Keepalive', '5'],
    ]);
  });
});

/** Commit frames in a WAL file (SQLite's file format §4.1: a frame whose header names the database size ends a commit). */
function walCommits(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const wal = fs.readFileSync(file);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.readUInt32BE(16);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}
