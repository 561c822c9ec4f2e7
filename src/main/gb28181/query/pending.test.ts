import { describe, expect, it } from 'vitest';
import { mapWalks } from '../../../shared/testing/map-walks';
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
    q.rejectAll(() => new Error('device 34020000001320000001 went offline'), '34020000001320000001');
    await expect(a).rejects.toThrow('went offline');
    expect(q.resolve('34020000001320000002', 'DeviceInfo', 2, 'b')).toBe(true);
    await expect(b).resolves.toBe('b');
  });

  it("ends only the device's own waits when it goes away, and keeps no entry for a device once its waits are over", async () => {
    const clock = new FakeClock(0);
    const q = new PendingQueries<string>(clock);
    const A = '34020000001320000001';
    const B = '34020000001320000002';
    const ends: string[] = [];
    const track = (p: Promise<string>, name: string) => p.then(() => ends.push(`${name} answered`), (e: Error) => ends.push(`${name}: ${e.message}`));
    const waits = [
      track(q.wait(A, 'DeviceInfo', 1, 10_000), 'A DeviceInfo'),
      track(q.wait(A, 'Catalog', 2, 10_000), 'A Catalog'),
      track(q.wait(B, 'DeviceInfo', 3, 10_000), 'B DeviceInfo'),
      track(q.wait(B, 'ConfigDownload', 4, 5_000), 'B ConfigDownload'),
    ];
    expect(q.devicesWaiting).toBe(2);
    q.rejectAll(() => new Error('offline'), A);
    expect(q.size).toBe(2);
    expect(q.devicesWaiting).toBe(1);
    // B's waits end every other way: answered, timed out
    expect(q.resolve(B, 'DeviceInfo', 3, 'x')).toBe(true);
    clock.advance(5_000);
    await Promise.all(waits);
    expect(ends.sort()).toEqual(['A Catalog: offline', 'A DeviceInfo: offline', 'B ConfigDownload: ' + new QueryTimeoutError(B, 'ConfigDownload', '4', 5_000).message, 'B DeviceInfo answered']);
    expect(q.size).toBe(0);
    expect(q.devicesWaiting).toBe(0);
    // a query replaced by a newer one with the same SN keeps one entry; shutdown ends everything
    const first = q.wait(A, 'DeviceInfo', 9, 10_000).catch((e: Error) => e.message);
    const second = q.wait(A, 'DeviceInfo', 9, 10_000).catch((e: Error) => e.message);
    expect(await first).toContain('replaced by a newer one');
    q.rejectAll(() => new Error('shutting down'));
    expect(await second).toBe('shutting down');
    expect(q.devicesWaiting).toBe(0);
  });

  it("finds a device's waits without walking everyone's (a whole site going offline would cost devices squared)", async () => {
    const q = new PendingQueries<string>(new FakeClock(0));
    const ended: Array<Promise<unknown>> = [];
    for (let i = 0; i < 100; i++) ended.push(q.wait(`3402000000132${String(i).padStart(7, '0')}`, 'DeviceInfo', i, 10_000).catch(() => undefined));
    expect(mapWalks(() => q.rejectAll(() => new Error('offline'), '34020000001320000007'))).toBe(0);
    expect(q.size).toBe(99);
    // A device with nothing pending costs no error (a site going offline at once would make one each, with its stack).
    let made = 0;
    q.rejectAll(() => (made++, new Error('offline')), '34020000001320000007');
    expect(made).toBe(0);
    q.rejectAll(() => (made++, new Error('shutting down')));
    expect(made).toBe(1);
    await Promise.all(ended);
  });
});
