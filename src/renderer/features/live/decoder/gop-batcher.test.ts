import { describe, expect, it } from 'vitest';
import { splitNalUnits } from '../annexb';
import { GopBatcher } from './gop-batcher';
import type { EncodedAccessUnit } from './types';

// NAL headers: type in bits 1-6 of the first byte (VPS 32, SPS 33, PPS 34, IDR_W_RADL 19, TRAIL_R 1).
const nal = (type: number, tag: number) => [0, 0, 0, 1, type << 1, 1, tag];
const unit = (type: 'key' | 'delta', timestamp: number, nals: number[][]): EncodedAccessUnit => ({ type, timestamp, data: new Uint8Array(nals.flat()) });
const key = (ts: number, withSets = true) => unit('key', ts, [...(withSets ? [nal(32, 1), nal(33, 2), nal(34, 3)] : []), nal(19, ts)]);
const delta = (ts: number) => unit('delta', ts, [nal(1, ts)]);
const types = (data: Uint8Array) => splitNalUnits(data).map((n) => (n[0] >> 1) & 0x3f);

describe('GopBatcher', () => {
  it('hands over a keyframe and its frames when the next keyframe arrives, timestamps in presentation order', () => {
    const b = new GopBatcher();
    expect(b.push(delta(1))).toBeNull(); // nothing to start from
    expect(b.push(key(10))).toBeNull();
    expect(b.push(delta(30))).toBeNull();
    expect(b.push(delta(20))).toBeNull();
    const batch = b.push(key(40));
    expect(batch?.timestamps).toEqual([10, 20, 30]);
    expect(types(batch!.data)).toEqual([32, 33, 34, 19, 1, 1]);
    expect(b.pending).toBe(1);
  });

  it('puts the last parameter sets before a keyframe that came without them', () => {
    const b = new GopBatcher();
    b.push(key(10));
    b.push(key(20, false));
    const batch = b.push(key(30, false));
    expect(types(batch!.data)).toEqual([32, 33, 34, 19]);
    expect(splitNalUnits(batch!.data)[3][2]).toBe(20);
  });

  it('ends a batch at the frame cap, then waits for a keyframe', () => {
    const b = new GopBatcher(3);
    b.push(key(1));
    b.push(delta(2));
    expect(b.push(delta(3))?.timestamps).toEqual([1, 2, 3]);
    expect(b.push(delta(4))).toBeNull();
    expect(b.pending).toBe(0);
  });

  it('clear drops what was collected', () => {
    const b = new GopBatcher();
    b.push(key(1));
    b.clear();
    expect(b.push(key(2))).toBeNull();
  });
});
