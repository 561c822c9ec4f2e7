import { afterEach, describe, expect, it } from 'vitest';
import { SignallingReader } from './reader';
import { DISK_BYTES_PER_MESSAGE_BYTE, Retention } from './retention';
import { tempDb } from './test-db';
import { deviceMessage, keepaliveXml, record } from './test-messages';
import { SignallingWriter } from './writer';

const DAY = 86_400_000;
const NOW = 1_724_112_000_000;
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** n keepalives with SN 0..n-1, the i-th stored at time(i). */
function seeded(n: number, time: (i: number) => number) {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const w = new SignallingWriter(t.db);
  for (let i = 0; i < n; i++) w.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', time(i)));
  w.flush();
  return { db: t.db, reader: new SignallingReader(t.db), retention: new Retention(t.db) };
}

const sns = (r: SignallingReader) => r.query({ limit: 2000 }).messages.map((m) => Number(m.sn));

describe('retention by age', () => {
  it('deletes exactly the messages older than logRetentionDays, with their text index and totals', () => {
    // One message every 6 hours over 10 days, the newest at NOW.
    const { db, reader, retention } = seeded(41, (i) => NOW - (40 - i) * 6 * 3_600_000);
    const result = retention.prune(NOW, { logRetentionDays: 7, logMaxMb: 512 });
    const kept = sns(reader);
    expect(kept).toEqual(Array.from({ length: 29 }, (_, k) => 40 - k)); // 7 days x 4 + the one at exactly 7 days
    expect(result).toEqual({ byAge: 12, bySize: 0, more: false });
    expect(reader.totals().messages).toBe(29);
    const indexed = (sn: number) =>
      (db.prepare(`SELECT count(*) AS n FROM signalling_text WHERE signalling_text MATCH ?`).get(`"<SN>${sn}</SN>"`) as { n: number }).n;
    expect(indexed(3)).toBe(0);
    expect(indexed(12)).toBe(1);
    expect(reader.query({ text: '<SN>3</SN>' }).messages).toEqual([]);
    expect(reader.query({ text: '<SN>12</SN>' }).messages.map((m) => m.sn)).toEqual(['12']);
  });

  it('works in small batches', () => {
    const { reader, retention } = seeded(30, (i) => NOW - 30 * DAY + i);
    expect(retention.pruneAgeBatch(NOW, 7, 10)).toBe(10);
    expect(reader.totals().messages).toBe(20);
    expect(sns(reader).at(-1)).toBe(10);
    expect(retention.prune(NOW, { logRetentionDays: 7, logMaxMb: 512 }, 1)).toMatchObject({ byAge: 20, more: true });
    expect(retention.prune(NOW, { logRetentionDays: 7, logMaxMb: 512 })).toEqual({ byAge: 0, bySize: 0, more: false });
  });
});

describe('retention by size', () => {
  it('deletes the oldest until the estimate fits, and no more', () => {
    const { reader, retention } = seeded(200, (i) => NOW - 1000 + i);
    const sizeOf = new Map(reader.query({ limit: 2000 }).messages.map((m) => [Number(m.sn), m.size]));
    const limitMb = 0.1;
    const budget = limitMb * 1024 * 1024;
    const result = retention.prune(NOW, { logRetentionDays: 7, logMaxMb: limitMb });
    const kept = sns(reader);
    expect(result.bySize).toBeGreaterThan(0);
    // The newest survive, the oldest went: SN 0 .. bySize-1 were deleted.
    expect(kept).toEqual(Array.from({ length: 200 - result.bySize }, (_, k) => 199 - k));
    const keptBytes = kept.reduce((sum, sn) => sum + sizeOf.get(sn)!, 0);
    expect(reader.totals().bytes).toBe(keptBytes);
    expect(retention.estimatedBytes()).toBe(keptBytes * DISK_BYTES_PER_MESSAGE_BYTE);
    expect(retention.estimatedBytes()).toBeLessThanOrEqual(budget);
    // Minimal: keeping the newest deleted message too would have exceeded the budget.
    expect(retention.estimatedBytes() + sizeOf.get(result.bySize - 1)! * DISK_BYTES_PER_MESSAGE_BYTE).toBeGreaterThan(budget);
  });
});
