import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/shuffle';
import { RtpReorderBuffer } from './reorder-buffer';
import type { RtpPacket } from './rtp-header';

const pkt = (seq: number): RtpPacket => ({
  marker: false,
  payloadType: 96,
  sequenceNumber: seq & 0xffff,
  timestamp: 0,
  ssrc: 1,
  csrcCount: 0,
  padding: false,
  extension: false,
  payload: Buffer.alloc(0),
});

function harness(window = 8, maxDelayMs = 100) {
  const out: (number | string)[] = [];
  const buf = new RtpReorderBuffer((p) => out.push(p.sequenceNumber), (n) => out.push(`loss ${n}`), { window, maxDelayMs });
  return { out, buf };
}

describe('RtpReorderBuffer', () => {
  it('passes in-order packets straight through, across the 16-bit wrap', () => {
    const { out, buf } = harness();
    for (const s of [65534, 65535, 0, 1]) buf.push(pkt(s), 0);
    expect(out).toEqual([65534, 65535, 0, 1]);
    expect(buf.heldCount).toBe(0);
  });

  it('restores order within the window and drops duplicates and late packets', () => {
    const { out, buf } = harness();
    for (const s of [10, 12, 13, 11, 11, 14, 9]) buf.push(pkt(s), 0);
    expect(out).toEqual([10, 11, 12, 13, 14]);
    expect(buf.stats).toMatchObject({ lost: 0, reordered: 2, late: 2, duplicates: 0 });
  });

  it('declares a gap lost when the window overflows, signalling before the next packet', () => {
    const { out, buf } = harness(4);
    for (const s of [1, 3, 4, 5, 6]) buf.push(pkt(s), 0);
    expect(out).toEqual([1, 'loss 1', 3, 4, 5, 6]);
    expect(buf.stats.lost).toBe(1);
  });

  it('declares a gap lost after maxDelayMs (poll)', () => {
    const { out, buf } = harness(64, 100);
    buf.push(pkt(1), 0);
    buf.push(pkt(4), 10);
    buf.push(pkt(5), 20);
    buf.poll(109);
    expect(out).toEqual([1]);
    expect(buf.deadline).toBe(110);
    buf.poll(110);
    expect(out).toEqual([1, 'loss 2', 4, 5]);
    expect(buf.deadline).toBe(-1);
  });

  it('treats a confirmed big jump as a sender restart, not as 30000 lost packets', () => {
    const { out, buf } = harness();
    for (const s of [100, 101, 30000, 30001, 30002]) buf.push(pkt(s), 0);
    expect(out).toEqual([100, 101, 'loss 0', 30001, 30002]);
    expect(buf.stats).toMatchObject({ lost: 0, restarts: 1 });
  });

  it('counts exactly the dropped packets of a shuffled, lossy sequence and delivers the rest in order', () => {
    const rand = seededRandom(7);
    const seqs = Array.from({ length: 5000 }, (_, i) => (60000 + i) & 0xffff);
    const kept = seqs.filter(() => rand() > 0.02);
    for (let i = 0; i < kept.length - 1; i++) {
      if (rand() < 0.1) [kept[i], kept[i + 1]] = [kept[i + 1], kept[i]];
    }
    const delivered: number[] = [];
    const buf = new RtpReorderBuffer((p) => delivered.push(p.sequenceNumber), () => {}, { window: 64 });
    for (const s of kept) buf.push(pkt(s), 0);
    buf.flush();
    const index = (s: number) => (s - 60000 + 65536) & 0xffff;
    const first = index(kept[0]);
    const last = kept.reduce((m, s) => Math.max(m, index(s)), 0);
    expect(delivered).toEqual(seqs.slice(first, last + 1).filter((s) => kept.includes(s)));
    expect(buf.stats.lost).toBe(last - first + 1 - kept.length);
    expect(buf.stats.lost).toBeGreaterThan(50);
  });
});
