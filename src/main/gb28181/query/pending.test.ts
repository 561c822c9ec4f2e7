import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { PendingQueries, QueryTimeoutError } from './pending';

describe('PendingQueries', () => {
  it('matches an answer by device, CmdType (any case) and SN; a late or foreign one is not taken', async () => {
    const clock = new FakeClock(0);
    const q = new PendingQueries<string>(clock);
    const p = q.wait('34020000001320000001', 'DeviceInfo', 17, 10_000);
    expect(q.resolve('34020000001320000002', 'DeviceInfo', 17, 'other device')).toBe(false);
    expect(q.resolve('34020000001320000001', 'DeviceInfo', 18, 'other SN')).toBe(false);
    expect(q.resolve('34020000001320000001', 'deviceinfo', '17', 'ok')).toBe(true);
    await expect(p).resolves.toBe('ok');
    expect(q.resolve('34020000001320000001', 'DeviceInfo', 17, 'again')).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('times out with a sentence naming device, query, SN and the wait', async () => {
    const clock = new FakeClock(0);
    const q = new PendingQueries<string>(clock);
    const p = q.wait('34020000001320000001', 'Catalog', 5, 10_000);
    clock.advance(9_999);
    expect(q.size).toBe(1);
    clock.advance(1);
    await expect(p).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(p).rejects.toThrow('device 34020000001320000001 did not answer the Catalog query (SN 5) within 10 s');
    await expect(p).rejects.toMatchObject({ text: { code: 'query.noAnswer', params: { deviceId: '34020000001320000001', cmdType: 'Catalog', sn: '5', seconds: 10 } } });
    expect(q.resolve('34020000001320000001', 'Catalog', 5, 'late')).toBe(false);
  });

  it('counts the wait from when the device took the query, not from when it was first sent', async () => {
    const clock = new FakeClock(0);
    const q = new PendingQueries<string>(clock);
    const p = q.wait('34020000001320000001', 'DeviceInfo', 9, 10_000);
    // The MESSAGE was retransmitted to a busy device for 8 s before its 200 OK.
    clock.advance(8_000);
    q.accepted('34020000001320000001', 'DeviceInfo', 9);
    clock.advance(9_000);
    expect(q.resolve('34020000001320000001', 'DeviceInfo', 9, 'answer')).toBe(true);
    await expect(p).resolves.toBe('answer');
    expect(clock.pending).toBe(0);
  });

  it('rejects the waits of one device when it goes away', async () => {
    const clock = new FakeClock(0);
    const q = new PendingQueries<string>(clock);
    const a = q.wait('34020000001320000001', 'DeviceInfo', 1, 10_000);
    const b = q.wait('34020000001320000002', 'DeviceInfo', 2, 10_000);
    q.rejectAll(new Error('device 34020000001320000001 went offline'), '34020000001320000001');
    await expect(a).rejects.toThrow('went offline');
    expect(q.resolve('34020000001320000002', 'DeviceInfo', 2, 'b')).toBe(true);
    await expect(b).resolves.toBe('b');
  });
});
