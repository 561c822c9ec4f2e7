import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFilter } from '../../../shared/types/signalling';
import { OVERFLOW_DEVICE, SignallingCodes } from './codes';
import { SignallingReader } from './reader';
import { tempDb } from './testing/db';
import {
  CHANNEL_NAMES,
  SERVER_ID,
  catalogQueryXml,
  catalogResponseGb2312,
  deviceMessage,
  invite,
  keepaliveXml,
  record,
  register,
  response,
  serverMessage,
  unauthorized,
} from './testing/messages';
import { DEVICE_SCAN_MAX, FEW_ROWS, TIME_SCAN_MAX, type RowCounts } from './text-plan';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
const deviceId = (d: number) => '3402000000132' + String(d).padStart(7, '0');
const channelId = (d: number) => '3402000000131' + String(d).padStart(7, '0');
const DEVICES = 12;
/** Device codes run out after this many IDs: the last devices (and most channels) share the overflow code. */
const MAX_DEVICES = 8;
const ROUNDS = 30;

/** Capped counts that make the planner pick one source whatever the log holds. */
const FORCED: Record<'index' | 'device' | 'time', RowCounts> = {
  index: { deviceRows: () => DEVICE_SCAN_MAX + 1, rangeRows: () => TIME_SCAN_MAX + 1, textMatches: () => 0, lastId: () => 1, idsOfNewestMatches: () => null },
  device: { deviceRows: () => FEW_ROWS + 1, rangeRows: () => TIME_SCAN_MAX + 1, textMatches: (_match, _ids, cap) => cap, lastId: () => 1, idsOfNewestMatches: () => null },
  time: { deviceRows: () => DEVICE_SCAN_MAX + 1, rangeRows: () => 0, textMatches: () => 0, lastId: () => 1, idsOfNewestMatches: () => null },
};

let t: ReturnType<typeof tempDb>;
let codes: SignallingCodes;
const readers = new Map<string, SignallingReader>();
/** Every stored message as log.get decodes it: the brute-force answer to any filter. */
const everything: { id: number; time: number; deviceId: string | null; text: string }[] = [];

beforeAll(() => {
  t = tempDb();
  codes = new SignallingCodes(t.db, { maxDevices: MAX_DEVICES });
  const writer = new SignallingWriter(t.db, { codes });
  let time = T;
  const put = (raw: Buffer, dir: 'in' | 'out') => writer.onMessage(record(raw, dir, (time += 1000)));
  for (let n = 0; n < ROUNDS; n++) {
    for (let d = 0; d < DEVICES; d++) {
      const dev = deviceId(d);
      // Templated keepalives (no row, no trigram index entry) between everything else.
      for (let k = 0; k < 3; k++) {
        const ka = `ka-${d}-${n}-${k}`;
        put(deviceMessage(keepaliveXml(3 * n + k, dev), ka, dev), 'in');
        put(response(200, 'OK', 'MESSAGE', 20, ka, dev, SERVER_ID), 'out');
      }
      if ((n + d) % 3 === 0) {
        const reg = `reg-${d}-${n}`;
        put(register(dev, reg, 1), 'in');
        put(unauthorized(dev, reg), 'out');
        put(register(dev, reg, 2, true), 'in');
        put(response(200, 'OK', 'REGISTER', 2, reg, dev, dev), 'out');
      }
      if ((n + d) % 7 === 0) {
        put(serverMessage(catalogQueryXml(n, dev), `cq-${d}-${n}`, dev), 'out');
        put(deviceMessage(catalogResponseGb2312(n, dev), `cr-${d}-${n}`, dev), 'in');
      }
      if ((n + d) % 11 === 0) put(invite(`inv-${d}-${n}`, channelId(d)), 'out');
    }
  }
  writer.flush();
  for (const [name, counts] of [['auto', undefined], ['index', FORCED.index], ['device', FORCED.device], ['time', FORCED.time]] as const) {
    readers.set(name, new SignallingReader(t.db, { codes, counts }));
  }
  const reader = readers.get('auto')!;
  for (let id = 1; id <= reader.lastId(); id++) {
    const m = reader.get(id);
    if (m) everything.push({ id, time: m.time, deviceId: m.deviceId, text: m.text.toLowerCase() });
  }
});
afterAll(() => t.cleanup());

function bruteForce(f: LogFilter): number[] {
  return everything
    .filter((m) => (f.deviceId === undefined || m.deviceId === f.deviceId) && m.text.includes(f.text!.toLowerCase()) && (f.from === undefined || m.time >= f.from) && (f.to === undefined || m.time <= f.to))
    .map((m) => m.id);
}

/** Every page of a filter, in small pages, with no time budget: ids in id order. */
function paged(reader: SignallingReader, f: LogFilter, order: 'desc' | 'asc'): number[] {
  const ids: number[] = [];
  for (;;) {
    const cursor = ids.length === 0 ? {} : order === 'desc' ? { before: ids[ids.length - 1] } : { after: ids[ids.length - 1] };
    const r = reader.rows(f, { order, limit: 7, ...cursor }, Number.POSITIVE_INFINITY);
    ids.push(...r.messages.map((d) => d.row.id));
    if (r.messages.length < 7) break;
  }
  return order === 'desc' ? ids.reverse() : ids;
}

const TEXTS = ['Unauthorized', 'www-authenticate: DIGEST', '<Status>OK', 'SN>1', CHANNEL_NAMES[1], 'message', 'no-such-text'];
const MID = T + ((ROUNDS * DEVICES * 10) / 3) * 1000;

describe('device or time range + text: the device index, the id order and the trigram index give the same rows', () => {
  it('has the data the comparison needs', () => {
    expect(codes.lookupDevice(deviceId(3))).not.toBe(OVERFLOW_DEVICE);
    expect(codes.lookupDevice(deviceId(DEVICES - 1))).toBe(OVERFLOW_DEVICE);
    expect(t.db.prepare('SELECT count(*) AS n FROM signalling_block').get()).not.toEqual({ n: 0 });
    expect(t.db.prepare('SELECT count(*) AS n FROM signalling_pending').get()).not.toEqual({ n: 0 });
    expect(everything.length).toBeGreaterThan(ROUNDS * DEVICES * 6);
  });

  it('plans each source as forced', () => {
    const f = { deviceId: deviceId(3), text: 'Unauthorized' };
    const sql = (name: string) => readers.get(name)!.plan(f, { order: 'desc', limit: 201 }).map((q) => q.sql).join('\n');
    expect(sql('index')).toContain('signalling_text MATCH');
    expect(sql('device')).not.toContain('signalling_text');
    expect(sql('device')).toContain('m.device = ?');
    const timed = { text: 'Unauthorized', from: MID, to: MID + 120_000 };
    const timeSql = readers.get('time')!.plan(timed, { order: 'desc', limit: 201 }).map((q) => q.sql).join('\n');
    expect(timeSql).not.toContain('signalling_text');
    expect(timeSql).toContain('m.id BETWEEN ? AND ?');
  });

  for (const d of [3, DEVICES - 1, null]) {
    for (const text of TEXTS) {
      for (const time of d === null ? [{ from: MID, to: MID + 120_000 }, { from: MID }] : [{}, { from: MID, to: MID + 120_000 }]) {
        const f: LogFilter = { ...(d === null ? {} : { deviceId: deviceId(d) }), text, ...time };
        const who = d === null ? 'any device' : d === DEVICES - 1 ? 'overflow device' : 'device';
        it(`${who} + "${text}"${'from' in time ? ` + time from ${'to' in time ? 'to' : 'on'}` : ''}, paged both ways`, () => {
          const expected = bruteForce(f);
          if (text !== 'no-such-text' && (d === null || !('from' in time))) expect(expected.length).toBeGreaterThan(0);
          for (const [name, reader] of readers) {
            for (const order of ['desc', 'asc'] as const) expect(paged(reader, f, order), `${name} ${order}`).toEqual(expected);
          }
        });
      }
    }
  }
});

describe('choosing the source by capped counts', () => {
  let small: ReturnType<typeof tempDb>;
  let reader: SignallingReader;
  const target = deviceId(0);
  beforeAll(() => {
    small = tempDb();
    const w = new SignallingWriter(small.db);
    // 17 registrations of the target (34 rows, more than are read whatever the index holds) among those of 1,100
    // other devices: "Unauthorized" is in 1,117 rows, more than 32 a target row; "zz-rare" only in 2 of its.
    let i = 0;
    const registration = (d: number, note: string[]) => {
      const reg = `reg-${i}`;
      w.onMessage(record(register(deviceId(d), reg, 1), 'in', T + 10 * i));
      w.onMessage(record(response(401, 'Unauthorized', 'REGISTER', 1, reg, deviceId(d), deviceId(d), note), 'out', T + 10 * i + 1));
      i++;
    };
    for (let n = 0; n < 17; n++) registration(0, n < 2 ? ['X-Note: zz-rare'] : []);
    for (let d = 1; d <= 1100; d++) registration(d, []);
    w.flush();
    reader = new SignallingReader(small.db);
  });
  afterAll(() => small.cleanup());

  const usesIndex = (f: LogFilter) => reader.plan(f, { order: 'desc', limit: 201 }).some((q) => q.sql.includes('MATCH'));

  it("reads the device's rows when the text is common in the whole log", () => {
    expect(usesIndex({ deviceId: target, text: 'Unauthorized' })).toBe(false);
    expect(reader.query({ deviceId: target, text: 'Unauthorized' }).messages).toHaveLength(17);
  });

  it('keeps the trigram index for a text rarer than the device rows', () => {
    expect(usesIndex({ deviceId: target, text: 'zz-rare' })).toBe(true);
    expect(reader.query({ deviceId: target, text: 'zz-rare' }).messages).toHaveLength(2);
  });

  it("reads the rows of a short time range or of a dense text, and bounds the trigram index itself by a range's ids", () => {
    // Here a block holds 512 messages, and a range is widened to whole blocks: a short one among the pending rows.
    const short = { text: 'Unauthorized', from: T + 11_000, to: T + 11_101 };
    expect(usesIndex(short)).toBe(false);
    expect(reader.query(short).messages.map((m) => m.time)).toEqual(Array.from({ length: 11 }, (_, i) => T + 10 * (1110 - i) + 1));
    // A longer range: a text in every other row is read row by row too, a rare one through the bounded index.
    const long = { text: 'Unauthorized', from: T + 5, to: T + 2_005 };
    expect(usesIndex(long)).toBe(false);
    expect(reader.query({ ...long, limit: 2000 }).messages.map((m) => m.time)).toEqual(Array.from({ length: 200 }, (_, i) => T + 10 * (200 - i) + 1));
    const rare = { ...long, text: 'zz-rare' };
    const [q] = reader.plan(rare, { order: 'desc', limit: 201 });
    expect(q.sql).toContain('t.rowid BETWEEN ? AND ?');
    expect(reader.query(rare).messages.map((m) => m.time)).toEqual([T + 11]);
  });
});
