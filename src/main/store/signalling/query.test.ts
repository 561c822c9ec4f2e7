import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFilter, LogMessage } from '../../../shared/types/signalling';
import { methodFilter } from './query';
import { SignallingReader } from './reader';
import { tempDb } from './testing/db';
import {
  CHANNEL_NAMES,
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
} from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
const DEVICES = ['34020000001320000001', '34020000001320000002', '34020000001320000003'];

/** One round of every exchange the log sees, for one device. */
function exchange(dev: string, n: number): [Buffer, 'in' | 'out'][] {
  const chan = dev.slice(0, 10) + '131' + dev.slice(13);
  const reg = `reg-${dev}-${n}`;
  return [
    [register(dev, reg, 1), 'in'],
    [unauthorized(dev, reg), 'out'],
    [register(dev, reg, 2, true), 'in'],
    [response(200, 'OK', 'REGISTER', 2, reg, dev, dev), 'out'],
    [deviceMessage(keepaliveXml(n, dev), `ka-${dev}-${n}`, dev), 'in'],
    [response(200, 'OK', 'MESSAGE', 20, `ka-${dev}-${n}`, dev, SERVER_ID), 'out'],
    [serverMessage(catalogQueryXml(n, dev), `cq-${dev}-${n}`, dev), 'out'],
    [response(200, 'OK', 'MESSAGE', 1, `cq-${dev}-${n}`, SERVER_ID, dev), 'in'],
    [deviceMessage(catalogResponseGb2312(n, dev), `cr-${dev}-${n}`, dev), 'in'],
    [response(200, 'OK', 'MESSAGE', 20, `cr-${dev}-${n}`, dev, SERVER_ID), 'out'],
    [invite(`inv-${dev}-${n}`, chan), 'out'],
    [response(404, 'Not Found', 'INVITE', 1, `inv-${dev}-${n}`, SERVER_ID, chan), 'in'],
  ];
}

let t: ReturnType<typeof tempDb>;
let reader: SignallingReader;
let all: LogMessage[];
const texts = new Map<number, string>();

beforeAll(() => {
  t = tempDb();
  const writer = new SignallingWriter(t.db);
  let i = 0;
  for (let n = 0; n < 8; n++) {
    for (const dev of DEVICES) for (const [raw, dir] of exchange(dev, n)) writer.onMessage(record(raw, dir, T + 1000 * i++));
  }
  writer.flush();
  reader = new SignallingReader(t.db);
  all = reader.query({ limit: 2000 }).messages;
  for (const m of all) texts.set(m.id, reader.get(m.id)!.text);
});
afterAll(() => t.cleanup());

/** The same filter, applied in JavaScript to every stored message: what the SQL must return. */
function oracle(f: LogFilter): number[] {
  return all
    .filter((m) => {
      if (f.deviceId && m.deviceId !== f.deviceId) return false;
      if (f.method) {
        const mf = methodFilter(f.method);
        const method = m.method ?? m.cseq?.split(' ')[1];
        if (mf.column === 'method' ? method !== mf.value : m.cmdType !== mf.value) return false;
      }
      if (f.statusClass && (f.statusClass === 'request' ? m.status !== null : m.status === null || Math.floor(m.status / 100) !== Number(f.statusClass[0]))) return false;
      if (f.direction && m.direction !== f.direction) return false;
      if (f.hideKeepalives && m.cmdType === 'Keepalive') return false;
      if (f.text && !texts.get(m.id)!.toLowerCase().includes(f.text.toLowerCase())) return false;
      if (f.from !== undefined && m.time < f.from) return false;
      if (f.to !== undefined && m.time > f.to) return false;
      return true;
    })
    .map((m) => m.id);
}

const CASES: [string, LogFilter][] = [
  ['device', { deviceId: DEVICES[1] }],
  ['SIP method (requests and their responses)', { method: 'REGISTER' }],
  ['CmdType', { method: 'Catalog' }],
  ['CmdType in any case', { method: 'keepalive' }],
  ['status class 4xx', { statusClass: '4xx' }],
  ['requests only', { statusClass: 'request' }],
  ['direction', { direction: 'out' }],
  ['text', { text: 'www-authenticate' }],
  ['Chinese text in GB2312 bodies', { text: CHANNEL_NAMES[0].slice(0, 3) }],
  ['short text (byte search) + device', { text: '门', deviceId: DEVICES[1] }],
  ['time range', { from: T + 20_000, to: T + 80_000 }],
  ['device + method', { deviceId: DEVICES[2], method: 'MESSAGE' }],
  ['channel (INVITE dialogs are keyed by the channel they address)', { deviceId: '34020000001310000002' }],
  ['device + text', { deviceId: DEVICES[0], text: 'Unauthorized' }],
  ['device + text in another case', { deviceId: DEVICES[1], text: 'www-AUTHENTICATE: digest' }],
  ['device + Chinese text (GB2312 bytes)', { deviceId: DEVICES[2], text: CHANNEL_NAMES[1] }],
  ['CmdType + text', { method: 'Catalog', text: '<SN>3</SN>' }],
  ['CmdType + direction + time', { method: 'Keepalive', direction: 'in', from: T + 100_000 }],
  ['status class + direction', { statusClass: '2xx', direction: 'in' }],
  ['text + time', { text: 'Digest', to: T + 150_000 }],
  ['method + status class', { method: 'MESSAGE', statusClass: '2xx', to: T + 200_000 }],
  ['keepalives hidden', { hideKeepalives: true }],
  ['keepalives hidden + device + short text', { hideKeepalives: true, deviceId: DEVICES[0], text: 'SN' }],
  ['keepalives hidden + method MESSAGE + text', { hideKeepalives: true, method: 'MESSAGE', text: 'CmdType' }],
];

describe('log.query filters', () => {
  it('has a varied data set to filter', () => {
    expect(all).toHaveLength(8 * 3 * 12);
    expect(all[0].id).toBeGreaterThan(all[1].id);
  });

  for (const [name, filter] of CASES) {
    it(`returns exactly the matching rows, newest first: ${name}`, () => {
      const expected = oracle(filter);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      expect(reader.query({ ...filter, limit: 2000 }).messages.map((m) => m.id)).toEqual(expected);
    });
  }

  it('matches short text alone byte-wise (UTF-8 and GB18030 forms)', () => {
    expect(reader.query({ text: '门', limit: 2000 }).messages.map((m) => m.id)).toEqual(oracle({ text: '门' }));
  });

  it('finds nothing for text no message holds', () => {
    expect(reader.query({ text: 'no-such-thing' }).messages).toEqual([]);
    expect(reader.query({ text: 'zq' }).messages).toEqual([]);
  });

  it('pages with limit, before and hasMore', () => {
    const first = reader.query({ method: 'REGISTER', limit: 10 });
    expect(first.messages).toHaveLength(10);
    expect(first.hasMore).toBe(true);
    const expected = oracle({ method: 'REGISTER' });
    const pages: number[] = first.messages.map((m) => m.id);
    let page = first;
    while (page.hasMore) {
      page = reader.query({ method: 'REGISTER', limit: 10, before: pages[pages.length - 1] });
      pages.push(...page.messages.map((m) => m.id));
    }
    expect(pages).toEqual(expected);
  });

  it('defaults to 200 rows and caps the limit at 2000', () => {
    expect(reader.query({}).messages).toHaveLength(200);
    expect(reader.query({ limit: 99_999 }).messages).toHaveLength(all.length);
  });
});

const planText = (db: ReturnType<typeof tempDb>['db'], q: { sql: string; params: unknown[] }) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('query plans', () => {
  for (const [name, filter] of CASES) {
    it(`every source reads rows in id order and stops at its limit (no sort): ${name}`, () => {
      for (const q of reader.plan(filter, { order: 'desc', limit: 201 })) {
        const text = planText(t.db, q);
        expect(text, text).not.toMatch(/TEMP B-TREE/);
        expect(text, text).toMatch(/USING (COVERING )?INDEX signalling_message_|USING INTEGER PRIMARY KEY|VIRTUAL TABLE INDEX|^SCAN m$/m);
      }
    });
  }

  it('drives a device filter by the device index, in id order', () => {
    const [q] = reader.plan({ deviceId: DEVICES[0], direction: 'in' }, { order: 'desc', before: 1000, limit: 201 });
    expect(planText(t.db, q)).toMatch(/SEARCH m USING INDEX signalling_message_device \(device=\? AND rowid<\?\)/);
  });

  it('reads rare kinds through the kind index, one source per kind', () => {
    // Rare among the message rows (under a tenth of them): 4xx answers to INVITEs among many REGISTERs.
    const t2 = tempDb();
    try {
      const w = new SignallingWriter(t2.db);
      for (let i = 0; i < 400; i++) w.onMessage(record(register(DEVICES[i % 3], `r-${i}`), 'in', T + i));
      for (let i = 0; i < 5; i++) {
        w.onMessage(record(response(404, 'Not Found', 'INVITE', 1, `inv-${i}`, SERVER_ID, DEVICES[0]), 'in', T + 500 + i));
        w.onMessage(record(response(486, 'Busy Here', 'INVITE', 1, `inv-${i}`, SERVER_ID, DEVICES[0]), 'out', T + 600 + i));
      }
      w.flush();
      const r2 = new SignallingReader(t2.db);
      const qs = r2.plan({ method: 'INVITE', statusClass: '4xx' }, { order: 'desc', limit: 201 });
      expect(qs.length).toBeGreaterThan(1);
      for (const q of qs) expect(planText(t2.db, q)).toMatch(/SEARCH m USING INDEX signalling_message_kind \(kind=\?\)/);
      // A tenth of the rows here (fewer of all messages, keepalives included): one walk in id order.
      expect(reader.plan({ method: 'INVITE', statusClass: '4xx' }, { order: 'desc', limit: 201 })).toHaveLength(1);
    } finally {
      t2.cleanup();
    }
  });

  it("finds a device ID in keepalives (kept out of the trigram index) through the device's blocks", () => {
    const code = reader.codes.lookupDevice(DEVICES[2]);
    expect(reader.sources({ text: DEVICES[2] })).toContainEqual({ templated: expect.any(Array), devices: [code] });
    expect(reader.query({ text: DEVICES[2], limit: 2000 }).messages.map((m) => m.id)).toEqual(oracle({ text: DEVICES[2] }));
  });
});

describe('time ranges after the clock stepped back', () => {
  it('stay exact: times are tested row by row until the out-of-order rows are gone', () => {
    const db2 = tempDb();
    try {
      const w = new SignallingWriter(db2.db);
      const times = [10_000, 11_000, 12_000, 5_000, 6_000, 13_000, 14_000];
      times.forEach((time, i) => w.onMessage(record(deviceMessage(keepaliveXml(i), `c${i}`), 'in', time)));
      w.flush();
      const r = new SignallingReader(db2.db);
      expect(r.idRangeForTime(5_500, 12_500)).toBeNull();
      expect(r.query({ from: 5_500, to: 12_500 }).messages.map((m) => m.sn)).toEqual(['4', '2', '1', '0']);
      // Once the rows up to the last out-of-order one are deleted, ids are in time order again.
      db2.db.prepare('DELETE FROM signalling_pending WHERE id <= 5').run();
      expect(r.idRangeForTime(13_000, 13_500)).toEqual({ lo: 6, hi: 6 });
      expect(r.query({ from: 13_000 }).messages.map((m) => m.sn)).toEqual(['6', '5']);
    } finally {
      db2.cleanup();
    }
  });
});
