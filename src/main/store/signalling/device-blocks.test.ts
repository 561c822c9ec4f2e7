// The device index of templated keepalives, listed per group of ids (device-blocks.ts), on a log whose ids span
// several groups: it lists exactly the blocks holding each device's templated messages (also after retention), and
// a device's reads, paged with small bounds, and its export give what a walk over every block's metadata gives.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_IDS, decodeOffsets, encodeOffsets, groupOf } from './device-blocks';
import { exportLog } from './export';
import type { Page } from './query';
import { SignallingReader } from './reader';
import { Retention } from './retention';
import type { MessageRow } from './rows';
import { TemplatedRows, type TemplatedSpec, type TimeBounds } from './templated-rows';
import { tempDb } from './testing/db';
import { indexFromBlocks, indexRows } from './testing/device-index';
import { SERVER_ID, deviceMessage, keepaliveXml, record, register, response } from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
const DEVICES = Array.from({ length: 9 }, (_, i) => '3402000000132' + String(i + 1).padStart(7, '0'));

describe('block offsets within a group', () => {
  it('give back every block, at both ends of a group and in late groups', () => {
    const group = 123_456_789;
    const blocks = [0, 1, 0x7fff, 0x8000, 0xfffe, 0xffff].map((o) => group * GROUP_IDS + o);
    expect(decodeOffsets(group, encodeOffsets(blocks))).toEqual(blocks);
    expect(encodeOffsets(blocks)).toHaveLength(12);
    expect(groupOf(group * GROUP_IDS + 0xffff)).toBe(group);
    expect(groupOf((group + 1) * GROUP_IDS)).toBe(group + 1);
  });
});

let t: ReturnType<typeof tempDb>;
let writer: SignallingWriter;
const raws = new Map<number, Buffer>();

/** A log of keepalives (and some REGISTERs) whose ids jump now and then by up to two groups. */
beforeAll(() => {
  t = tempDb();
  // Messages are stored in the order sent: the n-th stored is the n-th sent.
  const sent: Buffer[] = [];
  writer = new SignallingWriter(t.db, { onStored: (ms) => ms.forEach((m) => raws.set(m.id, sent[raws.size])) });
  let i = 0;
  const send = (raw: Buffer, dir: 'in' | 'out') => {
    sent.push(raw);
    writer.onMessage(record(raw, dir, T + 100 * i++));
  };
  for (let round = 0; round < 600; round++) {
    // Some devices skip rounds, so some groups hold none of their messages.
    for (const [k, dev] of DEVICES.entries()) {
      if (k > 0 && round % (k + 1) === 1) continue;
      const call = `ka-${dev}-${round}`;
      send(Buffer.from(deviceMessage(keepaliveXml(round, dev), call, dev)), 'in');
      send(Buffer.from(response(200, 'OK', 'MESSAGE', 20, call, dev, SERVER_ID)), 'out');
      if (round % 31 === 0) send(Buffer.from(register(dev, `reg-${dev}-${round}`)), 'in');
    }
    if (round % 25 === 24) {
      writer.flush();
      t.db.prepare('UPDATE signalling_totals SET next_id = next_id + ? WHERE id = 1').run(20_000 + (round % 4) * 30_000);
    }
  }
  writer.flush();
});
afterAll(() => t.cleanup());

const templatedKinds = () => new Set([...writer.codes.kinds].filter(([, k]) => k.templated).map(([id]) => id));
const code = (i: number) => writer.codes.lookupDevice(DEVICES[i])!;
const everything = (): MessageRow[] => new TemplatedRows(t.db, 1_000_000).fetch({ kinds: templatedKinds(), devices: null }, { ids: null }, { order: 'asc', limit: 1_000_000 }).rows;

function pageAll(rows: TemplatedRows, spec: TemplatedSpec, bounds: TimeBounds, order: Page['order'], limit: number): number[] {
  const out: number[] = [];
  let cursor: Page = { order, limit };
  for (let guard = 0; guard < 100_000; guard++) {
    const f = rows.fetch(spec, bounds, cursor);
    out.push(...f.rows.map((r) => r.id));
    if (f.coveredTo === null) return out;
    cursor = order === 'desc' ? { ...cursor, before: f.coveredTo } : { ...cursor, after: f.coveredTo };
  }
  throw new Error('no progress');
}

function expectReadsAsAWalkOverEveryBlock(): void {
  const all = everything();
  const groups = new Set((t.db.prepare('SELECT id FROM signalling_block_info').all() as { id: number }[]).map((b) => groupOf(b.id)));
  expect(groups.size).toBeGreaterThan(8);
  const cases: [TemplatedSpec, TimeBounds][] = [
    [{ kinds: templatedKinds(), devices: [code(0)] }, { ids: null }],
    [{ kinds: templatedKinds(), devices: [code(4)] }, { ids: null }],
    [{ kinds: templatedKinds(), devices: [code(2), code(7)] }, { ids: null }],
    [{ kinds: templatedKinds(), devices: [code(8)] }, { ids: { lo: all[40].id, hi: all[all.length - 40].id }, from: all[60].time }],
  ];
  for (const [spec, bounds] of cases) {
    const want = all
      .filter((r) => spec.devices!.includes(r.device!))
      .filter((r) => (!bounds.ids || (r.id >= bounds.ids.lo && r.id <= bounds.ids.hi)) && (bounds.from === undefined || r.time >= bounds.from))
      .map((r) => r.id);
    expect(want.length).toBeGreaterThan(10);
    for (const rows of [new TemplatedRows(t.db), new TemplatedRows(t.db, 2, 1), new TemplatedRows(t.db, 3, 2), new TemplatedRows(t.db, 1000, 1)]) {
      expect(pageAll(rows, spec, bounds, 'asc', 7)).toEqual(want);
      expect(pageAll(rows, spec, bounds, 'desc', 7)).toEqual([...want].reverse());
    }
  }
}

describe('the device index over several groups of ids', () => {
  it('lists exactly the blocks holding each device templated messages', () => {
    const rows = indexRows(t.db);
    expect(rows.size).toBeGreaterThan(30);
    expect(rows).toEqual(indexFromBlocks(t.db));
  });

  it('gives each device the keepalives a walk over every block gives, paged both ways with small bounds', () => {
    expectReadsAsAWalkOverEveryBlock();
  });

  it('serves the device filter and its export byte-exact', async () => {
    const reader = new SignallingReader(t.db, { codes: writer.codes, stored: writer.storedMessages });
    const dev = DEVICES[3];
    const want = [...raws].filter(([, raw]) => raw.includes(`<DeviceID>${dev}</DeviceID>`) || raw.includes(`sip:${dev}@`)).map(([id]) => id);
    const got: number[] = [];
    let before: number | undefined;
    for (;;) {
      const r = reader.query({ deviceId: dev, limit: 50, before });
      got.push(...r.messages.map((m) => m.id));
      if (!r.hasMore) break;
      before = r.searchedTo ?? r.messages.at(-1)!.id;
    }
    expect(got).toEqual([...want].sort((a, b) => b - a));
    const exported = await exportLog(reader, { deviceId: dev }, 'text', path.join(t.dir, 'exports'), T);
    expect(exported.count).toBe(want.length);
    const text = fs.readFileSync(exported.path, 'latin1');
    for (const id of want) expect(text).toContain(raws.get(id)!.toString('latin1'));
  });

  it('after retention still lists exactly the blocks left, and reads give the same as the walk', () => {
    const retention = new Retention(t.db, writer.codes, writer.storedMessages);
    const all = everything();
    // Age: everything before the time of the 40th percentile; then size: a little more.
    const cut = all[Math.floor(all.length * 0.4)].time;
    retention.prune(cut + 7 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    expect(everything()[0].time).toBeGreaterThanOrEqual(cut);
    retention.pruneSizeBatch((retention.estimatedBytes() * 0.9) / 1024 / 1024, 37);
    expect(indexRows(t.db)).toEqual(indexFromBlocks(t.db));
    expectReadsAsAWalkOverEveryBlock();
  });
});
