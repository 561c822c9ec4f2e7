// Migrations of the signalling log on logs stored in the form before them. Migration 10: every templated keepalive
// had a row (call IS NULL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../sqlite/migrate';
import { LOG_MIGRATIONS } from '../sqlite/migrations';
import { encodeBlock, encodeMeta } from './block-codec';
import { exportLog } from './export';
import { SignallingReader } from './reader';
import { Retention } from './retention';
import { callHash } from './templated';
import { TemplatedRows } from './templated-rows';
import { devicesOfBlocks, indexFromBlocks, indexRows } from './testing/device-index';
import { SERVER_ID, DEVICE_ID, deviceMessage, keepaliveXml, record, register, unauthorized } from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A log at migration 9 holding REGISTER (1), keepalive (2, 3), 401 (4), keepalive (5): 1-3 in a block, 4-5 pending. */
function oldLog(): { db: Database.Database; raws: Buffer[] } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-siglog-mig-'));
  const db = new Database(path.join(dir, 'signalling.sqlite'));
  applyMigrations(db, LOG_MIGRATIONS.filter((m) => m.version <= 9));
  db.exec(`INSERT INTO signalling_kind (id, key, direction, method, status_class, cmd_type, other_user, templated, count, shapes) VALUES
    (1, '*', NULL, NULL, NULL, NULL, NULL, 0, 0, NULL),
    (2, 'reg', 'in', 'REGISTER', 0, NULL, NULL, 0, 1, NULL),
    (3, 'ka', 'in', 'MESSAGE', 0, 'Keepalive', '${SERVER_ID}', 1, 3, '[]'),
    (4, '401', 'out', 'REGISTER', 4, NULL, NULL, 0, 1, NULL);
    INSERT INTO signalling_device (id, device_id) VALUES (1, '${DEVICE_ID}');`);
  const raws = [register(), deviceMessage(keepaliveXml(1), 'ka-1'), deviceMessage(keepaliveXml(2), 'ka-2'), unauthorized(), deviceMessage(keepaliveXml(3), 'ka-3')];
  const kinds = [2, 3, 3, 4, 3];
  const metas = raws.map((_, i) => encodeMeta({ time: T + i, direction: kinds[i] === 4 ? 'out' : 'in', transport: 'UDP', localAddr: '10.0.0.1:5060', peerAddr: '192.168.1.64:5060', cmdType: '', sn: '' }));
  raws.forEach((raw, i) => {
    const templated = kinds[i] === 3;
    db.prepare('INSERT INTO signalling_message (id, time, kind, device, call, size) VALUES (?, ?, ?, 1, ?, ?)').run(i + 1, T + i, kinds[i], templated ? null : callHash('reg-1@192.168.1.64'), raw.length);
    if (!templated) db.prepare('INSERT INTO signalling_text (rowid, text) VALUES (?, ?)').run(i + 1, raw.toString('utf8'));
  });
  const block = encodeBlock([0, 1, 2].map((i) => ({ id: i + 1, meta: metas[i], raw: raws[i] })));
  db.prepare('INSERT INTO signalling_block (id, first_id, data) VALUES (3, 1, ?)').run(block);
  for (const i of [3, 4]) db.prepare('INSERT INTO signalling_pending (id, meta, raw) VALUES (?, ?, ?)').run(i + 1, metas[i], raws[i]);
  const pendingBytes = [3, 4].reduce((n, i) => n + raws[i].length + Buffer.byteLength(metas[i]), 0);
  db.prepare('UPDATE signalling_totals SET messages = 5, bytes = ?, stored_bytes = ?, indexed = 2, max_time = ?').run(
    raws.reduce((n, r) => n + r.length, 0),
    block.length + pendingBytes,
    T + 4,
  );
  return { db, raws };
}

describe('migration 10 of the signalling log', () => {
  it('keeps every ordinary message readable and exportable byte-exact, drops the old keepalives, and goes on numbering', async () => {
    const { db, raws } = oldLog();
    applyMigrations(db, LOG_MIGRATIONS);
    const reader = new SignallingReader(db);
    expect(reader.query({}).messages.map((m) => [m.id, m.method ?? m.status])).toEqual([
      [4, 401],
      [1, 'REGISTER'],
    ]);
    expect(reader.totals()).toEqual({ messages: 2, bytes: raws[0].length + raws[3].length });
    expect(reader.query({ text: 'WWW-Authenticate' }).messages.map((m) => m.id)).toEqual([4]);
    expect(reader.query({ from: T + 3 }).messages.map((m) => m.id)).toEqual([4]);
    const exported = await exportLog(reader, {}, 'text', path.join(dir, 'exports'), T);
    expect(exported.count).toBe(2);
    const text = fs.readFileSync(exported.path, 'utf8');
    expect(text).toContain(raws[0].toString('utf8'));
    expect(text).toContain(raws[3].toString('utf8'));
    expect(db.prepare('SELECT messages, templated FROM signalling_block_info').all()).toEqual([{ messages: 1, templated: null }]);
    expect(db.prepare('SELECT stored_bytes AS n FROM signalling_totals').get()).toEqual({
      n: (db.prepare('SELECT sum(length(data)) AS n FROM signalling_block').get() as { n: number }).n +
        (db.prepare('SELECT sum(length(raw) + length(CAST(meta AS BLOB))) AS n FROM signalling_pending').get() as { n: number }).n,
    });

    const w = new SignallingWriter(db);
    w.onMessage(record(deviceMessage(keepaliveXml(9), 'ka-9'), 'in', T + 10));
    w.flush();
    const after = new SignallingReader(db, { codes: w.codes, stored: w.storedMessages });
    expect(after.query({ method: 'Keepalive' }).messages.map((m) => [m.id, m.sn])).toEqual([[6, '9']]);

    // Retention still empties it all, the old block included.
    const retention = new Retention(db, w.codes, w.storedMessages);
    retention.prune(T + 10 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    expect(reader.totals()).toEqual({ messages: 0, bytes: 0 });
    expect(db.prepare('SELECT (SELECT count(*) FROM signalling_block) + (SELECT count(*) FROM signalling_pending) + (SELECT count(*) FROM signalling_message) AS n').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT stored_bytes AS n FROM signalling_totals').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 12 of the signalling log', () => {
  it('merges the trigram index 8 segments at a time, and text searches still find what was indexed before', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-siglog-mig-'));
    const db = new Database(path.join(dir, 'signalling.sqlite'));
    applyMigrations(db, LOG_MIGRATIONS.filter((m) => m.version <= 10));
    // Today's writer prepares its statements on migration 13's table and 14's column; the 401 it writes here never reaches them.
    db.exec('CREATE TABLE signalling_device_group (grp INTEGER, device INTEGER, blocks BLOB, PRIMARY KEY (grp, device)) WITHOUT ROWID; ALTER TABLE signalling_block_info ADD COLUMN calls BLOB');
    const before = new SignallingWriter(db);
    before.onMessage(record(unauthorized(), 'out', T));
    before.flush();
    db.exec('DROP TABLE signalling_device_group; ALTER TABLE signalling_block_info DROP COLUMN calls');
    applyMigrations(db, LOG_MIGRATIONS);
    expect(db.prepare(`SELECT v FROM signalling_text_config WHERE k = 'automerge'`).get()).toEqual({ v: 8 });
    const w = new SignallingWriter(db);
    w.onMessage(record(unauthorized(DEVICE_ID, 'reg-2@192.168.1.64'), 'out', T + 1));
    w.flush();
    const reader = new SignallingReader(db, { codes: w.codes, stored: w.storedMessages });
    expect(reader.query({ text: 'WWW-Authenticate' }).messages.map((m) => m.id)).toEqual([2, 1]);
    db.close();
  });
});

describe('migration 13 of the signalling log', () => {
  it('lists the (device, block) rows of version 12 per group of ids, and reads, retention and writing go on', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-siglog-mig-'));
    const db = new Database(path.join(dir, 'signalling.sqlite'));
    applyMigrations(db, LOG_MIGRATIONS);
    // Keepalives of 5 devices whose ids jump by up to two groups now and then, so blocks land in many groups.
    const devices = Array.from({ length: 5 }, (_, i) => '3402000000132' + String(i + 1).padStart(7, '0'));
    const w = new SignallingWriter(db);
    let i = 0;
    for (let round = 0; round < 400; round++) {
      for (const dev of devices) {
        w.onMessage(record(deviceMessage(keepaliveXml(round, dev), `ka-${dev}-${round}`, dev), 'in', T + 100 * i++));
        if (round % 37 === 0) w.onMessage(record(register(dev, `reg-${dev}-${round}`), 'in', T + 100 * i++));
      }
      if (round % 40 === 39) {
        w.flush();
        db.prepare('UPDATE signalling_totals SET next_id = next_id + ? WHERE id = 1').run(30_000 + (round % 3) * 40_000);
      }
    }
    w.flush();
    const kinds = new Set([...w.codes.kinds].filter(([, k]) => k.templated).map(([id]) => id));
    const byDevice = () => devices.map((d) => new TemplatedRows(db, 1_000_000).fetch({ kinds, devices: [w.codes.lookupDevice(d)!] }, { ids: null }, { order: 'desc', limit: 1_000_000 }).rows);
    const want = byDevice();
    const wantIndex = indexRows(db);
    expect(wantIndex.size).toBeGreaterThan(15);
    expect([...wantIndex.values()].flat().some((b) => b % 65_536 >= 0x8000)).toBe(true);

    // The same log at version 12: a (device, block) row for each device of each block, as that version filed them,
    // and one for a block far beyond 32-bit ids; no Call-ID filters.
    db.exec(`DROP TABLE signalling_device_group;
      DROP TABLE signalling_call_group;
      ALTER TABLE signalling_block_info DROP COLUMN calls;
      ALTER TABLE signalling_totals DROP COLUMN call_filters_from;
      CREATE TABLE signalling_block_device (device INTEGER NOT NULL, block INTEGER NOT NULL, PRIMARY KEY (device, block)) WITHOUT ROWID;`);
    const insert = db.prepare('INSERT INTO signalling_block_device (device, block) VALUES (?, ?)');
    for (const [device, block] of devicesOfBlocks(db)) insert.run(device, block);
    insert.run(77, 5_000_000_123);
    db.pragma('user_version = 12');

    expect(applyMigrations(db, LOG_MIGRATIONS)).toEqual([13, 14]);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'signalling_block_device'`).get()).toEqual({ n: 0 });
    const far = Math.floor(5_000_000_123 / 65_536);
    expect(indexRows(db)).toEqual(new Map([...wantIndex, [`${far}:77`, [5_000_000_123]]]));
    db.prepare('DELETE FROM signalling_device_group WHERE device = 77').run();
    expect(byDevice()).toEqual(want);

    // Writing files new blocks in the new rows; retention takes them out again.
    const after = new SignallingWriter(db);
    for (let round = 400; round < 500; round++) for (const dev of devices) after.onMessage(record(deviceMessage(keepaliveXml(round, dev), `ka-${dev}-${round}`, dev), 'in', T + 100 * i++));
    after.flush();
    expect(indexRows(db)).toEqual(indexFromBlocks(db));
    expect(byDevice().map((rows) => rows.length)).toEqual(want.map((rows) => rows.length + 100));
    const retention = new Retention(db, after.codes, after.storedMessages);
    retention.prune(T + 100 * Math.floor(i / 2) + 7 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    expect(indexRows(db)).toEqual(indexFromBlocks(db));
    retention.prune(T + 100 * i + 8 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    expect(db.prepare('SELECT count(*) AS n FROM signalling_device_group').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 14 of the signalling log', () => {
  it('adds Call-ID filters for what is stored after it; keepalives stored before are found by their bytes; retention takes the filters out', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-siglog-mig-'));
    const db = new Database(path.join(dir, 'signalling.sqlite'));
    applyMigrations(db, LOG_MIGRATIONS);
    const devices = Array.from({ length: 5 }, (_, i) => '3402000000132' + String(i + 1).padStart(7, '0'));
    const keepalives = (w: SignallingWriter, rounds: number[], t0: number) => {
      for (const round of rounds) for (const dev of devices) w.onMessage(record(deviceMessage(keepaliveXml(round, dev), `ka-${dev}-${round}`, dev), 'in', t0 + round));
      w.flush();
    };
    const rounds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    keepalives(new SignallingWriter(db), rounds(0, 300), T);
    // The same log at version 13: no filters.
    db.exec(`UPDATE signalling_totals SET stored_bytes = stored_bytes -
        (SELECT coalesce(sum(length(calls)), 0) FROM signalling_block_info) - (SELECT coalesce(sum(length(bits)), 0) FROM signalling_call_group);
      DROP TABLE signalling_call_group;
      ALTER TABLE signalling_block_info DROP COLUMN calls;
      ALTER TABLE signalling_totals DROP COLUMN call_filters_from;`);
    db.pragma('user_version = 13');
    const storedBefore = (db.prepare('SELECT stored_bytes AS n FROM signalling_totals').get() as { n: number }).n;
    const nextId = (db.prepare('SELECT next_id AS n FROM signalling_totals').get() as { n: number }).n;

    expect(applyMigrations(db, LOG_MIGRATIONS)).toEqual([14]);
    expect(db.prepare('SELECT call_filters_from AS n, stored_bytes AS s FROM signalling_totals').get()).toEqual({ n: nextId, s: storedBefore });
    expect(db.prepare('SELECT count(*) AS n FROM signalling_block_info WHERE calls IS NOT NULL').get()).toEqual({ n: 0 });

    const w = new SignallingWriter(db);
    keepalives(w, rounds(300, 300), T);
    expect((db.prepare('SELECT count(*) AS n FROM signalling_block_info WHERE calls IS NOT NULL').get() as { n: number }).n).toBeGreaterThan(0);
    const reader = new SignallingReader(db, { codes: w.codes, stored: w.storedMessages });
    // Stored before: by the bytes, given the time; stored after: by the filters, with no time at all.
    expect(reader.call(`ka-${devices[2]}-10`, { budgetMs: 10_000 }).map((m) => m.sn)).toEqual(['10']);
    expect(reader.call(`ka-${devices[2]}-310`, { budgetMs: 0 }).map((m) => m.sn)).toEqual(['310']);

    new Retention(db, w.codes, w.storedMessages).prune(T + 10 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    expect(db.prepare('SELECT count(*) AS n FROM signalling_call_group').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT stored_bytes AS n FROM signalling_totals').get()).toEqual({ n: 0 });
    db.close();
  });
});
