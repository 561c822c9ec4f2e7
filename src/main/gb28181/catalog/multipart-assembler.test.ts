import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapWalks } from '../../../shared/testing/map-walks';
import { decodeBody, encodeDoc } from '../manscdp/codec';
import { buildCatalogResponseParts, parseCatalog, type CatalogItem } from '../manscdp/messages/catalog';
import { buildRecordInfoResponseParts, parseRecordInfo, recordItemKey } from '../manscdp/messages/record-info';
import { catalogItemKey, MultipartAssembler, type AssemblerClock, type AssemblyResult } from './multipart-assembler';

class TestClock implements AssemblerClock {
  t = 0;
  private timers = new Map<number, { due: number; fn: () => void }>();
  private seq = 0;
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers.delete(h as number);
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, x]) => x.due <= end).sort((a, b) => a[1].due - b[1].due)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].due;
      next[1].fn();
    }
    this.t = end;
  }
  get pending() {
    return this.timers.size;
  }
}

const NVR = '34020000001180000001';
const channels = (n: number): CatalogItem[] =>
  Array.from({ length: n }, (_, i) => ({ deviceId: `340200000013200${String(i).padStart(5, '0')}`, name: `通道${i}`, parentIds: [], other: {} }));

/** Real wire parts: built, encoded as GB2312, decoded and parsed like the registrar will. */
function wireParts(items: ReturnType<typeof channels>, pageSize: number, sn = 7) {
  return buildCatalogResponseParts({ sn, deviceId: NVR, items, pageSize }).map((d) => {
    const r = decodeBody(encodeDoc(d, 'gb2312'));
    if (!r.ok) throw new Error(r.reason);
    return parseCatalog(r);
  });
}

function setup(timeoutMs = 5_000) {
  const clock = new TestClock();
  const asm = new MultipartAssembler<CatalogItem>({ clock, keyOf: catalogItemKey, timeoutMs });
  return { clock, asm };
}

/** Captures the settled value without awaiting (the fake clock settles it synchronously inside accept/advance). */
function track<T>(p: Promise<T>) {
  const box: { value?: T } = {};
  void p.then((v) => (box.value = v));
  return box;
}

describe('MultipartAssembler', () => {
  it('completes when SumNum distinct items arrived, parts out of order', async () => {
    const { asm } = setup();
    const parts = wireParts(channels(10), 3);
    const done = asm.expect(NVR, 7);
    const outcomes = [parts[2], parts[0], parts[3], parts[1]].map((p) => asm.accept(p.deviceId, p.sn, p));
    expect(outcomes).toEqual(['progress', 'progress', 'progress', 'completed']);
    const r = await done;
    expect(r).toMatchObject({ complete: true, end: 'complete', received: 10, expected: 10, parts: 4, duplicates: 0 });
    expect(new Set(r.items.map((i) => i.deviceId)).size).toBe(10);
    expect(asm.size).toBe(0);
  });

  it('ignores duplicate parts and duplicate items', async () => {
    const { asm } = setup();
    const parts = wireParts(channels(6), 2);
    const done = asm.expect(NVR, 7);
    asm.accept(NVR, '7', parts[0]);
    asm.accept(NVR, '7', parts[0]);
    asm.accept(NVR, '7', { sumNum: 6, items: [parts[1].items[0], parts[1].items[0]] });
    expect(asm.accept(NVR, '7', parts[1])).toBe('progress');
    expect(asm.accept(NVR, '7', parts[2])).toBe('completed');
    const r = await done;
    expect(r).toMatchObject({ complete: true, received: 6, duplicates: 4, parts: 5 });
  });

  it('missing part: timeout gives the partial list, flagged', async () => {
    const { clock, asm } = setup(5_000);
    const parts = wireParts(channels(9), 3);
    const box = track(asm.expect(NVR, 7));
    asm.accept(NVR, 7, parts[0]);
    clock.advance(4_000);
    asm.accept(NVR, 7, parts[2]); // re-arms the idle timer
    clock.advance(4_999);
    await Promise.resolve();
    expect(box.value).toBeUndefined();
    clock.advance(1);
    await Promise.resolve();
    const r = box.value as AssemblyResult<CatalogItem>;
    expect(r).toMatchObject({ complete: false, end: 'timeout', received: 6, expected: 9, parts: 2 });
    expect(r.finishedAt - r.startedAt).toBe(9_000);
    expect(clock.pending).toBe(0);
    expect(asm.accept(NVR, 7, parts[1])).toBe('unexpected'); // too late
  });

  it('no answer at all: timeout with expected unknown', async () => {
    const { clock, asm } = setup(1_000);
    const done = asm.expect(NVR, 1);
    clock.advance(1_000);
    expect(await done).toMatchObject({ complete: false, end: 'timeout', received: 0, expected: undefined, parts: 0 });
  });

  it('the silence before the first part counts from when the device took the query', async () => {
    const { clock, asm } = setup(1_000);
    const done = asm.expect(NVR, 4);
    clock.advance(900);
    asm.accepted(NVR, 4);
    clock.advance(900);
    expect(asm.accept(NVR, 4, wireParts(channels(1), 10, 4)[0])).toBe('completed');
    expect(await done).toMatchObject({ complete: true, received: 1 });
  });

  it('SumNum 0 with no list is an empty complete result', async () => {
    const { asm, clock } = setup();
    const done = asm.expect(NVR, 3);
    const [empty] = buildCatalogResponseParts({ sn: 3, deviceId: NVR, items: [], pageSize: 10 }).map((d) => {
      const r = decodeBody(encodeDoc(d));
      if (!r.ok) throw new Error(r.reason);
      return parseCatalog(r);
    });
    expect(asm.accept(NVR, 3, empty)).toBe('completed');
    expect(await done).toMatchObject({ complete: true, received: 0, expected: 0 });
    expect(clock.pending).toBe(0);
  });

  it('matches by device and SN: other SNs and devices are unexpected', () => {
    const { asm } = setup();
    void asm.expect(NVR, 7);
    expect(asm.accept(NVR, 8, { sumNum: 1, items: [] })).toBe('unexpected');
    expect(asm.accept('34020000001180000002', 7, { sumNum: 1, items: [] })).toBe('unexpected');
    expect(asm.isWaiting(NVR, '7')).toBe(true);
  });

  it('cancel and cancelDevice resolve with what arrived', async () => {
    const { asm, clock } = setup();
    const a = asm.expect(NVR, 1);
    const b = asm.expect(NVR, 2);
    asm.accept(NVR, 1, { sumNum: 5, items: channels(2) });
    expect(asm.cancelDevice(NVR)).toBe(2);
    expect(await a).toMatchObject({ complete: false, end: 'cancelled', received: 2 });
    expect(await b).toMatchObject({ end: 'cancelled', received: 0 });
    expect(clock.pending).toBe(0);
  });

  it("cancelDevice ends only that device's answers, awaited or lingering; the per-device index empties with them", async () => {
    const clock = new TestClock();
    const asm = new MultipartAssembler<CatalogItem>({ clock, keyOf: catalogItemKey, timeoutMs: 5_000, onLate: () => undefined, lingerMs: 5_000 });
    const OTHER = '34020000001180000002';
    const mine = asm.expect(NVR, 1);
    const theirs = asm.expect(OTHER, 2);
    void asm.expect(NVR, 3);
    asm.accept(NVR, 3, { sumNum: 1, items: channels(1) }); // completed: lingers for late parts
    void asm.expect(OTHER, 4);
    asm.accept(OTHER, 4, { sumNum: 1, items: channels(1) });
    expect(asm.devicesIndexed).toBe(4);
    expect(asm.cancelDevice(NVR)).toBe(1);
    expect(await mine).toMatchObject({ end: 'cancelled' });
    expect(asm.isWaiting(NVR, 3)).toBe(false);
    expect(asm.isWaiting(OTHER, 2)).toBe(true);
    expect(asm.isWaiting(OTHER, 4)).toBe(true);
    expect(asm.devicesIndexed).toBe(2);
    // the other device's answer times out and its lingering one expires: nothing is left indexed
    clock.advance(60_000);
    expect(await theirs).toMatchObject({ end: 'timeout' });
    expect(asm.isWaiting(OTHER, 4)).toBe(false);
    expect(asm.devicesIndexed).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("cancelDevice finds the device's answers without walking everyone's", () => {
    const clock = new TestClock();
    const asm = new MultipartAssembler<CatalogItem>({ clock, keyOf: catalogItemKey, timeoutMs: 5_000, onLate: () => undefined, lingerMs: 5_000 });
    for (let i = 0; i < 100; i++) void asm.expect(`340200000011800${String(i).padStart(5, '0')}`, i);
    void asm.expect(NVR, 500);
    asm.accept(NVR, 500, { sumNum: 1, items: channels(1) });
    void asm.expect(NVR, 501);
    expect(mapWalks(() => asm.cancelDevice(NVR))).toBe(0);
    expect(asm.isWaiting(NVR, 500)).toBe(false);
    expect(asm.isWaiting(NVR, 501)).toBe(false);
  });

  it('maxTotalMs bounds a device that keeps trickling', async () => {
    const clock = new TestClock();
    const asm = new MultipartAssembler<CatalogItem>({ clock, keyOf: catalogItemKey, timeoutMs: 1_000, maxTotalMs: 3_000 });
    const box = track(asm.expect(NVR, 1));
    for (let i = 0; i < 5; i++) {
      clock.advance(900);
      asm.accept(NVR, 1, { sumNum: 100, items: channels(i + 1).slice(i) });
    }
    await Promise.resolve();
    expect(box.value).toMatchObject({ end: 'timeout', received: 3 });
  });

  it('is generic: RecordInfo parts keyed by time and path', async () => {
    const clock = new TestClock();
    const asm = new MultipartAssembler({ clock, keyOf: recordItemKey, timeoutMs: 1_000 });
    const items = Array.from({ length: 5 }, (_, i) => ({
      deviceId: '34020000001320000001',
      startTime: `2024-08-20T0${i}:00:00`,
      endTime: `2024-08-20T0${i}:30:00`,
    }));
    const parts = buildRecordInfoResponseParts({ sn: 4, deviceId: '34020000001320000001', items, pageSize: 2 }).map((d) => {
      const r = decodeBody(encodeDoc(d));
      if (!r.ok) throw new Error(r.reason);
      return parseRecordInfo(r);
    });
    const done = asm.expect('34020000001320000001', 4);
    for (const p of [parts[1], parts[1], parts[0], parts[2]]) asm.accept(p.deviceId, p.sn, p);
    expect(await done).toMatchObject({ complete: true, received: 5, duplicates: 2 });
  });

  it('property: any order and any repetition of parts yields every item exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (n, pageSize, extraPicks) => {
          const { asm } = setup();
          const parts = buildCatalogResponseParts({ sn: 1, deviceId: NVR, items: channels(n), pageSize }).map((d) => ({
            sumNum: n,
            items: (d.body.DeviceList as any).Item.map((x: any) => ({ deviceId: x.DeviceID, parentIds: [], other: {} })),
          }));
          const done = asm.expect(NVR, 1);
          const order = [...extraPicks.map((i) => parts[i % parts.length]), ...parts];
          for (const p of order) asm.accept(NVR, 1, p);
          expect(asm.isWaiting(NVR, 1)).toBe(false);
          const r = await done;
          expect(r.complete).toBe(true);
          expect(r.received).toBe(n);
          expect(new Set(r.items.map((i) => i.deviceId)).size).toBe(n);
        },
      ),
    );
  });

  it('an undercounted SumNum: parts after completion are still taken, reported with the whole list and flagged', async () => {
    const clock = new TestClock();
    const late: AssemblyResult<CatalogItem>[] = [];
    const asm = new MultipartAssembler<CatalogItem>({ clock, keyOf: catalogItemKey, timeoutMs: 1_000, onLate: (r) => late.push(r) });
    const items = channels(6);
    const done = asm.expect(NVR, 9);
    expect(asm.accept(NVR, 9, { sumNum: 4, items: items.slice(0, 2) })).toBe('progress');
    expect(asm.accept(NVR, 9, { sumNum: 4, items: items.slice(2, 4) })).toBe('completed');
    const r = await done;
    expect(r).toMatchObject({ complete: true, received: 4, expected: 4, beyondSumNum: 0 });
    expect(asm.isWaiting(NVR, 9)).toBe(true);
    expect(asm.accept(NVR, 9, { sumNum: 4, items: items.slice(4) })).toBe('late');
    expect(asm.accept(NVR, 9, { sumNum: 4, items: items.slice(4) })).toBe('late');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ complete: true, received: 6, expected: 4, beyondSumNum: 2, parts: 3 });
    expect(late[0].items.map((i) => i.deviceId)).toEqual(items.map((i) => i.deviceId));
    expect(r.items).toHaveLength(4);
    clock.advance(1_000);
    expect(asm.isWaiting(NVR, 9)).toBe(false);
    expect(asm.accept(NVR, 9, { sumNum: 4, items: channels(7).slice(6) })).toBe('unexpected');
    expect(clock.pending).toBe(0);
  });

  it('counts distinct identified items toward SumNum: an item without a DeviceID does not complete the list', async () => {
    const { asm } = setup();
    const items = channels(3);
    const done = asm.expect(NVR, 2);
    expect(asm.accept(NVR, 2, { sumNum: 3, items: [items[0], { ...items[1], deviceId: '' }, items[0]] })).toBe('progress');
    expect(asm.accept(NVR, 2, { sumNum: 3, items: [items[1]] })).toBe('progress');
    expect(asm.accept(NVR, 2, { sumNum: 3, items: [items[2]] })).toBe('completed');
    expect(await done).toMatchObject({ complete: true, duplicates: 1, beyondSumNum: 0 });
  });

  it('forgets late parts of a device that went away', () => {
    const clock = new TestClock();
    const asm = new MultipartAssembler<CatalogItem>({ clock, keyOf: catalogItemKey, timeoutMs: 1_000, onLate: () => {} });
    void asm.expect(NVR, 1);
    asm.accept(NVR, 1, { sumNum: 1, items: channels(1) });
    expect(asm.isWaiting(NVR, 1)).toBe(true);
    asm.cancelDevice(NVR);
    expect(asm.isWaiting(NVR, 1)).toBe(false);
    expect(clock.pending).toBe(0);
  });
});
