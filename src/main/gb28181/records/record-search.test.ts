import { describe, expect, it } from 'vitest';
import { createLogger } from '../../log/logger';
import { FakeClock } from '../../sip/timers/clock';
import { decodeBody, encodeDoc, type DecodedBody, type ManscdpDoc } from '../manscdp/codec';
import { buildRecordInfoResponse, type RecordItemInput } from '../manscdp/messages/record-info';
import { RecordMerge } from './record-merge';
import { RecordSearch, dayStarts } from './record-search';

const DEVICE = '34020000001110000001';
const CHANNEL = '34020000001320000001';
const ZONE = '+08:00';
// 2024-08-20 00:00 +08:00
const DAY = Date.UTC(2024, 7, 19, 16, 0, 0) / 1000;

function item(startMin: number, lenMin: number, type = 'time'): RecordItemInput {
  return { deviceId: CHANNEL, name: 'cam', startTime: hm(startMin), endTime: hm(startMin + lenMin), type, fileSize: lenMin * 1000 };
}
const hm = (min: number) => `2024-08-20T${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00`;

function decoded(doc: ManscdpDoc): DecodedBody {
  const r = decodeBody(encodeDoc(doc));
  if (!r.ok) throw new Error(r.reason);
  return r;
}

function rig(reply: { status: number; reason: string } = { status: 200, reason: 'OK' }) {
  const clock = new FakeClock(DAY * 1000 + 3 * 86_400_000);
  let handler: ((deviceId: string, body: DecodedBody) => void) | undefined;
  const sent: ManscdpDoc[] = [];
  let sn = 100;
  const search = new RecordSearch(
    {
      sendManscdp: async (_id, doc) => {
        sent.push(doc);
        return reply;
      },
      nextSn: () => ++sn,
      onManscdp: (_t, h) => {
        handler = h;
        return () => (handler = undefined);
      },
      timeZoneOf: () => ZONE,
    },
    clock,
    createLogger({ print: false }),
    { waitMs: 10_000, idleMs: 3_000 },
  );
  const answer = (sumNum: number, items: RecordItemInput[], atSn = sn) =>
    handler!(DEVICE, decoded(buildRecordInfoResponse({ sn: atSn, deviceId: CHANNEL, name: 'cam', sumNum, items })));
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return { clock, search, sent, answer, settle, sn: () => sn };
}

describe('RecordInfo merging', () => {
  it('merges parts out of order and drops duplicates until SumNum distinct items', () => {
    const m = new RecordMerge();
    m.add({ sumNum: 3, items: [] });
    expect(m.complete).toBe(false);
    const a = { deviceId: CHANNEL, startTime: '1', endTime: '2', start: new Date(2000), end: new Date(3000), type: 'time' };
    const b = { ...a, startTime: '0', start: new Date(1000) };
    const c = { ...a, startTime: '3', start: new Date(5000) };
    m.add({ sumNum: 3, items: [c, a] });
    m.add({ sumNum: 3, items: [a] });
    expect(m.duplicates).toBe(1);
    expect(m.complete).toBe(false);
    m.add({ sumNum: 3, items: [b] });
    expect(m.complete).toBe(true);
    expect(m.list().map((x) => x.startTime)).toEqual(['0', '1', '3']);
  });

  it('keeps items beyond an undercounted SumNum', () => {
    const m = new RecordMerge();
    const a = { deviceId: CHANNEL, startTime: '1', type: 'time' };
    m.add({ sumNum: 1, items: [a] });
    m.add({ sumNum: 1, items: [{ ...a, startTime: '2' }] });
    expect(m.complete).toBe(true);
    expect(m.received).toBe(2);
    expect(m.beyondSumNum).toBe(1);
  });

  it('splits a range into device-zone days', () => {
    expect(dayStarts(DAY * 1000, (DAY + 86_400) * 1000, ZONE)).toEqual([DAY * 1000]);
    expect(dayStarts((DAY + 3600) * 1000, (DAY + 86_400 + 60) * 1000, ZONE)).toEqual([DAY * 1000, (DAY + 86_400) * 1000]);
    expect(dayStarts(DAY * 1000, (DAY + 60) * 1000, '+00:00')).toEqual([(DAY - 16 * 3600 + 86_400) * 1000 - 86_400_000]);
  });
});

describe('record.query over RecordInfo', () => {
  it('asks the day in the device zone, merges parts in any order and answers complete with Unix seconds', async () => {
    const t = rig();
    const p = t.search.query({ deviceId: DEVICE, channelId: CHANNEL, start: DAY, end: DAY + 86_400 });
    await t.settle();
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0].body).toMatchObject({ CmdType: 'RecordInfo', DeviceID: CHANNEL, StartTime: '2024-08-20T00:00:00', EndTime: '2024-08-20T23:59:59', Type: 'all' });
    t.answer(3, [item(600, 5, 'alarm')]);
    t.answer(3, [item(0, 115), item(600, 5, 'alarm')]);
    t.answer(3, [item(120, 115)]);
    const r = await p;
    expect(r.complete).toBe(true);
    expect(r.items).toEqual([
      { start: DAY, end: DAY + 115 * 60, type: 'time', name: 'cam', fileSize: 115_000 },
      { start: DAY + 120 * 60, end: DAY + 235 * 60, type: 'time', name: 'cam', fileSize: 115_000 },
      { start: DAY + 600 * 60, end: DAY + 605 * 60, type: 'alarm', name: 'cam', fileSize: 5000 },
    ]);
  });

  it('fails a one-day query the device refuses with a coded sentence', async () => {
    const t = rig({ status: 403, reason: 'Forbidden' });
    const err = await t.search.query({ deviceId: DEVICE, channelId: CHANNEL, start: DAY, end: DAY + 86_400 }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'unavailable',
      message: `device ${DEVICE} answered 403 Forbidden to the RecordInfo query for camera ${CHANNEL}`,
      text: { code: 'records.refused', params: { deviceId: DEVICE, channelId: CHANNEL, status: 403, reason: 'Forbidden' } },
    });
  });

  it('answers partial results with complete: false, and merges late parts into the cached day', async () => {
    const t = rig();
    const p = t.search.query({ deviceId: DEVICE, channelId: CHANNEL, start: DAY, end: DAY + 86_400 });
    await t.settle();
    const sn = t.sn();
    t.answer(3, [item(0, 10)]);
    t.clock.advance(3_000);
    const first = await p;
    expect(first).toMatchObject({ complete: false, expected: 3 });
    expect(first.items).toHaveLength(1);
    t.answer(3, [item(20, 10), item(40, 10)], sn);
    const again = await t.search.query({ deviceId: DEVICE, channelId: CHANNEL, start: DAY, end: DAY + 86_400 });
    expect(t.sent).toHaveLength(1);
    expect(again.complete).toBe(true);
    expect(again.items.map((i) => i.start)).toEqual([DAY, DAY + 1200, DAY + 2400]);
  });

  it('clips to the asked range and filters nothing else', async () => {
    const t = rig();
    const p = t.search.query({ deviceId: DEVICE, channelId: CHANNEL, start: DAY + 600 * 60, end: DAY + 601 * 60 });
    await t.settle();
    t.answer(2, [item(0, 115), item(595, 10, 'manual')]);
    const r = await p;
    expect(r.items).toEqual([{ start: DAY + 595 * 60, end: DAY + 605 * 60, type: 'manual', name: 'cam', fileSize: 10_000 }]);
  });
});
