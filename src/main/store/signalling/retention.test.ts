import { afterEach, describe, expect, it } from 'vitest';
import { SignallingReader } from './reader';
import { Retention } from './retention';
import { tempDb } from './testing/db';
import { deviceMessage, keepaliveXml, record } from './testing/messages';
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
  return { db: t.db, reader: new SignallingReader(t.db, { codes: w.codes, stored: w.storedMessages }), retention: new Retention(t.db, w.codes, w.storedMessages) };
}

const sns = (r: SignallingReader) => r.query({ limit: 2000 }).messages.map((m) => Number(m.sn));

describe('retention by age', () => {
  it('deletes exactly the messages older than logRetentionDays, with their stored bytes and totals', () => {
    // One message every 6 hours over 10 days, the newest at NOW.
    const { db, reader, retention } = seeded(41, (i) => NOW - (40 - i) * 6 * 3_600_000);
    const result = retention.prune(NOW, { logRetentionDays: 7, logMaxMb: 512 });
    const kept = sns(reader);
    expect(kept).toEqual(Array.from({ length: 29 }, (_, k) => 40 - k)); // 7 days x 4 + the one at exactly 7 days
    expect(result).toEqual({ byAge: 12, bySize: 0, more: false });
    expect(reader.totals().messages).toBe(29);
    expect((db.prepare('SELECT count(*) AS n FROM signalling_pending').get() as { n: number }).n).toBe(29);
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
    const before = retention.estimatedBytes();
    const budget = before / 2;
    const result = retention.prune(NOW, { logRetentionDays: 7, logMaxMb: budget / 1024 / 1024 });
    const kept = sns(reader);
    expect(result.bySize).toBeGreaterThan(0);
    // The newest survive, the oldest went: SN 0 .. bySize-1 were deleted.
    expect(kept).toEqual(Array.from({ length: 200 - result.bySize }, (_, k) => 199 - k));
    expect(reader.totals().messages).toBe(kept.length);
    expect(retention.estimatedBytes()).toBeLessThanOrEqual(budget);
    // Not far below: one batch deletes about the excess, not everything.
    expect(kept.length).toBeGreaterThan(50);
  });

  it('frees the compressed blocks whose messages are all gone, and keeps the others readable', () => {
    const { db, reader, retention } = seeded(800, (i) => NOW - 1000 + i);
    const blocks = () => (db.prepare('SELECT count(*) AS n FROM signalling_block').get() as { n: number }).n;
    const b0 = blocks();
    expect(b0).toBeGreaterThan(1); // the first block holds at least 64 messages (SN 0..63 and more)
    const stored = () => (db.prepare('SELECT stored_bytes AS n FROM signalling_totals').get() as { n: number }).n;
    const s0 = stored();
    retention.pruneAgeBatch(NOW, 1000 / 86_400_000 - 100 / 86_400_000); // older than NOW - 900: SN 0..99
    expect(reader.totals().messages).toBe(700);
    expect(blocks()).toBe(b0 - 1); // the first block (up to SN 99 at most) went; the second still holds SN 100
    expect(stored()).toBeLessThan(s0);
    expect(reader.query({ limit: 2000 }).messages.map((m) => Number(m.sn)).at(-1)).toBe(100);
    expect(reader.get(reader.query({ limit: 2000 }).messages.at(-1)!.id)?.text).toContain('<SN>100</SN>');
  });
});
