import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { commonIdTrigrams, ftsTrigrams } from './query';
import { SignallingReader, bytesMayHold } from './reader';
import { tempDb } from './testing/db';
import { DEVICE_ID, SERVER_ID, deviceMessage, keepaliveXml, record, register, response, unauthorized } from './testing/messages';
import { shapeMayHold, shapeOf } from './text-shapes';
import { SignallingWriter } from './writer';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('text search over the position-less trigram index', () => {
  it('asks for every trigram of a short text and a spread of a long one', () => {
    expect(ftsTrigrams('WWW-Au')).toBe('"WWW" AND "WW-" AND "W-A" AND "-Au"');
    expect(ftsTrigrams('say "hi"')).toContain('"y """');
    const long = ftsTrigrams('x'.repeat(10) + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP');
    expect(long.split(' AND ')).toHaveLength(25);
    expect(long.endsWith('"NOP"')).toBe(true);
  });

  it('leaves out of a device ID the trigrams most device IDs hold, unless nothing else is left', () => {
    const ids = Array.from({ length: 1000 }, (_, d) => '3402000000132' + String(d).padStart(7, '0'));
    const id = ids[431];
    expect(ftsTrigrams(id, commonIdTrigrams(id, ids))).toBe('"004" AND "043" AND "431"');
    expect(ftsTrigrams('3402000000', commonIdTrigrams('3402000000', ids))).toBe(ftsTrigrams('3402000000'));
    expect(ftsTrigrams('WWW-Au', commonIdTrigrams('WWW-Au', ids))).toBe(ftsTrigrams('WWW-Au'));
  });

  it('finds a device ID as text in every message naming it, templated or not', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const ids = Array.from({ length: 40 }, (_, d) => '3402000000132' + String(d).padStart(7, '0'));
    let time = 0;
    for (let round = 0; round < 5; round++) {
      for (const id of ids) {
        w.onMessage(record(deviceMessage(keepaliveXml(round, id), `ka-${id}-${round}`, id), 'in', time++));
        w.onMessage(record(register(id, `reg-${id}-${round}`), 'in', time++));
      }
    }
    w.flush();
    const r = new SignallingReader(t.db).query({ text: ids[31] });
    expect(r.messages.map((m) => m.callId).sort()).toEqual([0, 1, 2, 3, 4].flatMap((n) => [`ka-${ids[31]}-${n}`, `reg-${ids[31]}-${n}`]).sort());
  });

  it('finds the text only where it stands in sequence, though other messages hold all its trigrams', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    // Both hold the trigrams of "Unauthorized"; only the first holds the word.
    w.onMessage(record(response(401, 'Unauthorized', 'REGISTER', 1, 'c-1', 'a', 'b'), 'out', 1));
    w.onMessage(record(response(403, 'Unaut Unauth uthori thorized', 'REGISTER', 1, 'c-2', 'a', 'b'), 'out', 2));
    w.onMessage(record(register(), 'in', 3));
    w.flush();
    expect(reader.query({ text: 'unauthorized' }).messages.map((m) => m.callId)).toEqual(['c-1']);
    expect(reader.query({ text: 'nauth' }).messages.map((m) => m.callId)).toEqual(['c-2', 'c-1']);
  });

  it('rules out only bytes whose decoded text cannot hold the search text', () => {
    const ascii = Buffer.from('MESSAGE sip:x SIP/2.0\r\nCall-ID: 123\r\n\r\n<Status>OK</Status>');
    expect(bytesMayHold('<status>ok')(ascii)).toBe(true);
    expect(bytesMayHold('no such text')(ascii)).toBe(false);
    expect(bytesMayHold('停车场')(ascii)).toBe(false); // Chinese: in the bytes as UTF-8 or GB18030, or nowhere
    const gbBody = Buffer.concat([Buffer.from('MESSAGE sip:x SIP/2.0\r\n\r\n<Name>'), iconv.encode('停车场枪机', 'gb2312'), Buffer.from('</Name>')]);
    const utf8Body = Buffer.from('MESSAGE sip:x SIP/2.0\r\n\r\n<Name>停车场枪机</Name>', 'utf8');
    for (const raw of [gbBody, utf8Body]) {
      expect(bytesMayHold('停车场')(raw)).toBe(true);
      expect(bytesMayHold('场枪 ')(raw)).toBe(false);
      expect(bytesMayHold('门')(raw)).toBe(false);
    }
    expect(bytesMayHold('Ä门')(utf8Body)).toBe(true); // a letter with case: decoded and checked in full
    // U+212A KELVIN SIGN lowercases to an ASCII k, U+0130 to i plus a combining dot.
    const kelvin = Buffer.from('MESSAGE sip:x SIP/2.0\r\n\r\n\u212Aey', 'utf8');
    expect('\u212Aey'.toLowerCase()).toBe('key');
    expect(bytesMayHold('key')(kelvin)).toBe(true);
    expect(bytesMayHold('ey')(kelvin)).toBe(true);
    expect(bytesMayHold('zz')(kelvin)).toBe(false);
  });

  it('tells from a shape which texts a templated message cannot hold', () => {
    const shape = shapeOf(deviceMessage(keepaliveXml(17), '7391@10.0.0.7'));
    for (const text of ['<Status>OK', 'keepalive', '17', 'SN>4412</SN', 'Call-ID: 99', '9@10.0.0.', 'MANSCDP']) expect(shapeMayHold(shape, text), text).toBe(true);
    for (const text of ['WWW-Authenticate', 'SN>x', '停车场', 'Unauthorized', 'Call-ID: a']) expect(shapeMayHold(shape, text), text).toBe(false);
    // Non-ASCII bytes: a Chinese text may be there, and an i or k may come from a letter that lower-cases to it.
    const gbk = shapeOf(Buffer.concat([Buffer.from('MESSAGE sip:x SIP/2.0\r\n\r\n<Name>'), Buffer.from([0xcd, 0xa3]), Buffer.from('</Name>')]));
    expect(shapeMayHold(gbk, '停车场')).toBe(true);
    expect(shapeMayHold(gbk, 'kelvin')).toBe(true);
    expect(shapeMayHold(gbk, 'zzz')).toBe(false);
  });

  it('reads no templated keepalive for a text none of their shapes holds, and still finds it elsewhere', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    w.onMessage(record(unauthorized(), 'out', 1));
    for (let i = 0; i < 3000; i++) w.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', 2 + i));
    w.flush();
    const plan = reader.plan({ text: 'WWW-Authenticate' }, { order: 'desc', limit: 200 });
    expect(plan).toHaveLength(1); // the trigram index only
    expect(reader.sources({ text: 'WWW-Authenticate' })).toEqual([{ rows: true }]);
    expect(reader.sources({ text: 'Keepalive' })).toEqual([{ rows: true }, { templated: [expect.any(Number)], devices: null }]);
    const r = reader.query({ text: 'WWW-Authenticate' });
    expect([r.messages.map((m) => m.status), r.searchedTo]).toEqual([[401], undefined]);
    expect(reader.query({ text: '<SN>2999</SN>' }).messages.map((m) => m.sn)).toEqual(['2999']);
  });

  it('keeps at most 8 shapes a kind, then reads the kind for every text', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    for (let i = 0; i < 9; i++) w.onMessage(record(deviceMessage(keepaliveXml(i).replace('<Status>OK', `<Status>OK${'x'.repeat(i)}`), `ka-${i}`), 'in', i));
    w.flush();
    const shapes = t.db.prepare("SELECT shapes FROM signalling_kind WHERE templated = 1").all() as { shapes: string | null }[];
    expect(shapes).toEqual([{ shapes: null }]);
    expect(reader.sources({ text: 'WWW-Authenticate' })).toEqual([{ rows: true }, { templated: [expect.any(Number)], devices: null }]);
  });

  it('a search that cannot end within its first chunk of rows stops inside it once over budget', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    for (let i = 0; i < 1200; i++) w.onMessage(record(register(DEVICE_ID, `reg-${i}`), 'in', i));
    w.flush();
    const newest = reader.lastId();
    // No budget at all: the first row is looked at, the search stops at the next one it must check.
    const r = reader.rows({ text: 'zq' }, { order: 'desc', limit: 201 }, 0);
    expect([r.messages, r.stoppedAt]).toEqual([[], newest]);
    // A search whose rows all fit in one chunk runs to its end whatever the budget.
    const small = tempDb();
    try {
      const w2 = new SignallingWriter(small.db);
      for (let i = 0; i < 300; i++) w2.onMessage(record(register(DEVICE_ID, `reg-${i}`), 'in', i));
      w2.flush();
      const r2 = new SignallingReader(small.db).rows({ text: 'reg-1' }, { order: 'desc', limit: 2000 }, 0);
      expect([r2.messages.length, r2.stoppedAt]).toEqual([111, undefined]); // reg-1, reg-10..19, reg-100..199
    } finally {
      small.cleanup();
    }
  });

  it('log.call finds a templated keepalive transaction (no Call-ID index entry) behind thousands of later ones', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    const pair = (i: number, callId: string) => {
      w.onMessage(record(deviceMessage(keepaliveXml(i), callId), 'in', 2 * i));
      w.onMessage(record(response(200, 'OK', 'MESSAGE', 20, callId, DEVICE_ID, SERVER_ID), 'out', 2 * i + 1));
    };
    pair(0, '4711000042');
    for (let i = 1; i <= 2500; i++) pair(i, String(5_000_000_000 + i));
    w.flush();
    expect(t.db.prepare('SELECT count(*) AS n FROM signalling_message').get()).toEqual({ n: 0 }); // all templated
    // No time budget here: the test checks what is found, not how fast (bench:log times it).
    expect(reader.call('4711000042', { budgetMs: Number.POSITIVE_INFINITY }).map((m) => [m.direction, m.method ?? m.status])).toEqual([['in', 'MESSAGE'], ['out', 200]]);
  });

  it('log.call finds a templated keepalive transaction around the message named, however old, with no time to search', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    const other = '34020000001320000002';
    // Keepalives of two devices every 5 s; the one asked for is the first device's 100th, its 200 OK a second later.
    const pair = (i: number, device: string, callId: string, dt: number) => {
      w.onMessage(record(deviceMessage(keepaliveXml(i, device), callId, device), 'in', 5_000 * i + dt));
      w.onMessage(record(response(200, 'OK', 'MESSAGE', 20, callId, device, SERVER_ID), 'out', 5_000 * i + dt + 1_000));
    };
    for (let i = 0; i < 3000; i++) {
      pair(i, DEVICE_ID, i === 100 ? '4711000042' : String(5_000_000_000 + i), 0);
      // The other device uses the same Call-ID 40 s later: another transaction, not this one's.
      pair(i, other, i === 108 ? '4711000042' : String(6_000_000_000 + i), 7);
    }
    w.flush();
    expect(t.db.prepare('SELECT count(*) AS n FROM signalling_message').get()).toEqual({ n: 0 }); // all templated
    // Ids follow the writes: the first device's pair i is 4i + 1 and 4i + 2.
    const [request, ok] = [401, 402];
    expect([reader.get(request)?.callId, reader.get(ok)?.callId, reader.get(435)?.callId]).toEqual(['4711000042', '4711000042', '4711000042']);
    for (const near of [request, ok]) {
      const ladder = reader.call('4711000042', { near, budgetMs: 0 });
      expect(ladder.map((m) => [m.id, m.deviceId, m.direction, m.method ?? m.status])).toEqual([
        [request, DEVICE_ID, 'in', 'MESSAGE'],
        [ok, DEVICE_ID, 'out', 200],
      ]);
    }
    // A message of another Call-ID named: the search does not start there; the Call-ID filters find both devices' transactions.
    expect(reader.call('4711000042', { near: request - 4, budgetMs: 0 }).map((m) => [m.id, m.deviceId])).toEqual([
      [request, DEVICE_ID],
      [ok, DEVICE_ID],
      [435, other],
      [436, other],
    ]);
  });
});
