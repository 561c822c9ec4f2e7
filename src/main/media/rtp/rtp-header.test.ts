import { describe, expect, it } from 'vitest';
import { RtpPacketizer } from '../rtp-packetize/rtp-packetizer';
import { JitterEstimator } from './jitter';
import { parseRtp, seqDiff } from './rtp-header';

describe('parseRtp', () => {
  it('reads the fixed header and gives the payload as a view of the same memory', () => {
    const [pkt] = new RtpPacketizer({ ssrc: 0x0100000001, payloadType: 96, sequenceNumber: 65535 }).packetize(Buffer.from('abc'), 2 ** 32 + 7);
    const p = parseRtp(pkt)!;
    expect(p).toMatchObject({ marker: true, payloadType: 96, sequenceNumber: 65535, timestamp: 7, ssrc: 1, csrcCount: 0 });
    expect(p.payload.toString()).toBe('abc');
    expect(p.payload.buffer).toBe(pkt.buffer);
  });

  it('skips CSRCs, a header extension and padding', () => {
    const b = Buffer.from([
      0xb2, 0x60, 0, 1, 0, 0, 0, 9, 0, 0, 0, 5, // V=2 P=1 X=1 CC=2, PT 96
      0, 0, 0, 1, 0, 0, 0, 2, // CSRC x2
      0xbe, 0xde, 0, 1, 1, 2, 3, 4, // extension, 1 word
      0x41, 0x42, // payload "AB"
      0, 0, 3, // padding of 3
    ]);
    const p = parseRtp(b)!;
    expect(p).toMatchObject({ csrcCount: 2, extension: true, padding: true, marker: false, ssrc: 5 });
    expect(p.payload.toString()).toBe('AB');
  });

  it('rejects short packets, other versions and inconsistent lengths', () => {
    expect(parseRtp(Buffer.alloc(11, 0x80))).toBeUndefined();
    expect(parseRtp(Buffer.alloc(20, 0x40))).toBeUndefined();
    const b = Buffer.alloc(14);
    b[0] = 0xa0;
    b[13] = 200; // padding longer than the packet
    expect(parseRtp(b)).toBeUndefined();
  });

  it('computes signed sequence distance across the wrap', () => {
    expect(seqDiff(65535, 0)).toBe(1);
    expect(seqDiff(0, 65535)).toBe(-1);
    expect(seqDiff(100, 50)).toBe(-50);
  });
});

describe('JitterEstimator', () => {
  it('is 0 for perfectly paced packets and converges to the deviation otherwise', () => {
    const steady = new JitterEstimator();
    for (let i = 0; i < 100; i++) steady.update(i * 3600, i * 40);
    expect(steady.ms).toBeCloseTo(0, 6);
    const bumpy = new JitterEstimator();
    for (let i = 0; i < 400; i++) bumpy.update((i * 3600) >>> 0, i * 40 + (i % 2 ? 10 : 0));
    expect(bumpy.ms).toBeGreaterThan(8);
    expect(bumpy.ms).toBeLessThan(10.5);
  });

  it('handles the 32-bit timestamp wrap', () => {
    const j = new JitterEstimator();
    for (let i = 0; i < 50; i++) j.update((2 ** 32 - 3600 * 10 + i * 3600) >>> 0, i * 40);
    expect(j.ms).toBeCloseTo(0, 6);
  });
});
