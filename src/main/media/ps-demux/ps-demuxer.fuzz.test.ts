import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MediaFrame } from '../frame/types';
import { psPackets } from '../testing/media-fixtures';
import { PsDemuxer } from './ps-demuxer';

const real = Buffer.concat(psPackets('h264Baseline').slice(0, 30));
const realH265 = Buffer.concat(psPackets('h265Main', { psm: false }).slice(0, 30));

/** Runs a demuxer over pieces with random endOfFrame/discontinuity calls; checks it neither throws nor errs inside. */
function run(pieces: Uint8Array[], calls: number[]) {
  const frames: MediaFrame[] = [];
  const d = new PsDemuxer({ onFrame: (f) => frames.push(f), waitForKeyframe: false });
  pieces.forEach((p, i) => {
    d.push(p);
    if (calls[i % calls.length] === 1) d.endOfFrame();
    if (calls[i % calls.length] === 2) d.discontinuity();
  });
  d.flush();
  expect(d.stats.internalErrors).toBe(0);
  for (const f of frames) {
    expect(f.data.length).toBeGreaterThan(0);
    expect(Number.isFinite(f.pts)).toBe(true);
  }
  return { frames, d };
}

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip', 'zero', 'cut', 'dup', 'insert'),
  len: fc.integer({ min: 1, max: 300 }),
  byte: fc.integer({ min: 0, max: 255 }),
});

function mutate(src: Buffer, muts: { at: number; kind: string; len: number; byte: number }[]): Buffer {
  let b = Buffer.from(src);
  for (const m of muts) {
    const at = m.at % Math.max(1, b.length);
    if (m.kind === 'flip') b[at] ^= m.byte || 1;
    else if (m.kind === 'zero') b.fill(0, at, Math.min(b.length, at + m.len));
    else if (m.kind === 'cut') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.kind === 'dup') b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from([0, 0, 1, m.byte, m.len >> 8, m.len & 0xff]), b.subarray(at)]);
  }
  return b;
}

function cut(b: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0, i = 0; o < b.length; i++) {
    const n = sizes[i % sizes.length];
    out.push(b.subarray(o, o + n));
    o += n;
  }
  return out;
}

describe('PsDemuxer never throws', () => {
  it('on random bytes in random pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 40 }), fc.array(fc.nat(2), { minLength: 1 }), (pieces, calls) => {
        run(pieces, calls);
      }),
      { numRuns: 300 },
    );
  });

  it('on random bytes dense in start codes and PS headers', () => {
    const token = fc.oneof(
      fc.constantFrom(
        [0, 0, 1, 0xba], [0, 0, 1, 0xbb], [0, 0, 1, 0xbc], [0, 0, 1, 0xe0], [0, 0, 1, 0xc0], [0, 0, 1, 0xbe],
        [0, 0, 0, 1, 0x67], [0, 0, 1, 0x65, 0x88], [0x44], [0x21], [0x80, 0xc0, 0x0a], [0xff, 0xff],
      ),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 400 }), fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1 }), (tokens, sizes) => {
        run(cut(Buffer.from(tokens.flat()), sizes), [0, 1, 0, 2]);
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated real streams (H.264 with PSM, H.265 without)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(real, realH265),
        fc.array(mutation, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1 }),
        fc.array(fc.nat(2), { minLength: 1 }),
        (src, muts, sizes, calls) => {
          run(cut(mutate(src, muts), sizes), calls);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('recovers real frames after garbage', () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 37) & 0xff));
    const { frames, d } = run([garbage, real], [0]);
    expect(frames.length).toBe(30);
    expect(d.stats.garbageBytes).toBeGreaterThan(0);
  });
});
