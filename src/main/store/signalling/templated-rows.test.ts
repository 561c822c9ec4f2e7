import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from './query';
import type { MessageRow } from './rows';
import { decodeTemplated, encodeTemplated } from './templated-meta';
import { TemplatedRows, type TemplatedSpec, type TimeBounds } from './templated-rows';
import { tempDb } from './testing/db';
import { SERVER_ID, deviceMessage, keepaliveXml, record, register, response } from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
const DEVICES = Array.from({ length: 12 }, (_, i) => '3402000000132' + String(i + 1).padStart(7, '0'));

let t: ReturnType<typeof tempDb>;
let writer: SignallingWriter;
/** Every templated row, read with no per-fetch bound (what paging with a small bound must give back). */
let everything: MessageRow[];

beforeAll(() => {
  t = tempDb();
  writer = new SignallingWriter(t.db);
  let i = 0;
  for (let round = 0; round < 60; round++) {
    for (const dev of DEVICES) {
      const call = `ka-${dev}-${round}`;
      writer.onMessage(record(deviceMessage(keepaliveXml(round, dev), call, dev), 'in', T + 100 * i++));
      writer.onMessage(record(response(200, 'OK', 'MESSAGE', 20, call, dev, SERVER_ID), 'out', T + 100 * i++));
      // Ordinary messages in between (rows, not templated).
      if (round % 7 === 0) writer.onMessage(record(register(dev, `reg-${dev}-${round}`), 'in', T + 100 * i++));
    }
  }
  writer.flush();
  const kinds = templatedKinds();
  everything = new TemplatedRows(t.db, 1_000_000).fetch({ kinds, devices: null }, { ids: null }, { order: 'asc', limit: 1_000_000 }).rows;
});
afterAll(() => t.cleanup());

function templatedKinds(): Set<number> {
  return new Set([...writer.codes.kinds].filter(([, k]) => k.templated).map(([id]) => id));
}

/** Pages through a fetch with a small per-fetch bound, following coveredTo, like the reader does. */
function pageAll(rows: TemplatedRows, spec: TemplatedSpec, bounds: TimeBounds, order: Page['order'], limit: number, over?: () => boolean): number[] {
  const out: number[] = [];
  let cursor: Page = { order, limit };
  for (let guard = 0; guard < 10_000; guard++) {
    const f = rows.fetch(spec, bounds, cursor, over);
    out.push(...f.rows.map((r) => r.id));
    if (f.coveredTo === null) return out;
    cursor = order === 'desc' ? { ...cursor, before: f.coveredTo } : { ...cursor, after: f.coveredTo };
  }
  throw new Error('no progress');
}

describe('templated keepalives found through their blocks', () => {
  it('are all described: every keepalive and its 200 OK, in blocks and pending', () => {
    expect(everything).toHaveLength(60 * DEVICES.length * 2);
    const blocks = (t.db.prepare('SELECT count(*) AS n FROM signalling_block_info WHERE templated IS NOT NULL').get() as { n: number }).n;
    expect(blocks).toBeGreaterThan(2); // more than one fetch of 2 blocks
    expect((t.db.prepare('SELECT count(*) AS n FROM signalling_pending WHERE kind IS NOT NULL').get() as { n: number }).n).toBeGreaterThan(0);
  });

  const device = (i: number) => writer.codes.lookupDevice(DEVICES[i])!;
  const cases: [string, () => TemplatedSpec, TimeBounds][] = [
    ['all', () => ({ kinds: templatedKinds(), devices: null }), { ids: null }],
    ['one device', () => ({ kinds: templatedKinds(), devices: [device(3)] }), { ids: null }],
    ['two devices', () => ({ kinds: templatedKinds(), devices: [device(0), device(11)] }), { ids: null }],
    ['one kind, a time range', () => ({ kinds: new Set([[...templatedKinds()][0]]), devices: null }), { ids: null, from: T + 100 * 300, to: T + 100 * 900 }],
    ['a device, ids and time', () => ({ kinds: templatedKinds(), devices: [device(5)] }), { ids: { lo: 200, hi: 1200 }, from: T + 100 * 250 }],
  ];
  for (const [name, spec, bounds] of cases) {
    it(`page through a small per-fetch bound to exactly the matches, both ways: ${name}`, () => {
      const s = spec();
      const want = everything
        .filter((r) => s.kinds.has(r.kind) && (!s.devices || s.devices.includes(r.device!)))
        .filter((r) => (!bounds.ids || (r.id >= bounds.ids.lo && r.id <= bounds.ids.hi)) && (bounds.from === undefined || r.time >= bounds.from) && (bounds.to === undefined || r.time <= bounds.to))
        .map((r) => r.id);
      expect(want.length).toBeGreaterThan(10);
      const small = new TemplatedRows(t.db, 2);
      expect(pageAll(small, s, bounds, 'asc', 7)).toEqual(want);
      expect(pageAll(small, s, bounds, 'desc', 7)).toEqual([...want].reverse());
      // Out of time from the start: every fetch stops after its first block, and paging still gives them all.
      const large = new TemplatedRows(t.db);
      expect(pageAll(large, s, bounds, 'asc', 500, () => true)).toEqual(want);
      expect(pageAll(large, s, bounds, 'desc', 500, () => true)).toEqual([...want].reverse());
    });
  }

  it('stops reading blocks once out of time', () => {
    const kinds = templatedKinds();
    const rows = new TemplatedRows(t.db);
    for (const devices of [null, [device(3)]]) {
      const all = rows.fetch({ kinds, devices }, { ids: null }, { order: 'desc', limit: 5000 });
      const cut = rows.fetch({ kinds, devices }, { ids: null }, { order: 'desc', limit: 5000 }, () => true);
      expect(cut.coveredTo).not.toBeNull();
      expect(cut.rows.length).toBeLessThan(all.rows.length);
    }
  });

  it('finds every keepalive of each device through the device index of the blocks', () => {
    const kinds = templatedKinds();
    for (const dev of DEVICES) {
      const code = writer.codes.lookupDevice(dev)!;
      const byDevice = new TemplatedRows(t.db, 1_000_000).fetch({ kinds, devices: [code] }, { ids: null }, { order: 'asc', limit: 1_000_000 }).rows;
      expect(byDevice).toEqual(everything.filter((r) => r.device === code));
      expect(byDevice.length).toBe(120);
    }
  });

  it('finds one message by id, and none for an ordinary message', () => {
    const rows = new TemplatedRows(t.db);
    const mid = everything[Math.floor(everything.length / 2)];
    expect(rows.row(mid.id)).toEqual(mid);
    expect(rows.row(everything.at(-1)!.id)).toEqual(everything.at(-1)); // pending
    const ordinary = (t.db.prepare('SELECT id FROM signalling_message LIMIT 1').get() as { id: number }).id;
    expect(rows.row(ordinary)).toBeUndefined();
  });
});

describe('templated metadata codec', () => {
  it('gives back every field, including devices without a code and times going back', () => {
    const rows: MessageRow[] = [
      { id: 1_000_000_007, time: T, kind: 3, device: 0, size: 410 },
      { id: 1_000_000_008, time: T + 59, kind: 4, device: null, size: 300 },
      { id: 1_000_000_020, time: T - 86_400_000, kind: 4_000, device: 199_999, size: 70_000 },
    ];
    expect(decodeTemplated(encodeTemplated(rows))).toEqual(rows);
    expect(decodeTemplated(encodeTemplated([]))).toEqual([]);
  });
});
