import { describe, expect, it } from 'vitest';
import { findStartCode, joinAnnexB, splitNalUnits } from './nal-split';

describe('Annex B NAL splitting', () => {
  it('splits on 3- and 4-byte start codes and drops trailing zeros and leading garbage', () => {
    const buf = Buffer.from([0xaa, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 1, 0x65, 4, 5]);
    expect(splitNalUnits(buf).map((b) => [...b])).toEqual([[0x67, 1, 2], [0x68, 3], [0x65, 4, 5]]);
  });

  it('finds nothing in a buffer without start codes', () => {
    expect(findStartCode(Buffer.from([0, 0, 2, 0, 0]))).toBe(-1);
    expect(splitNalUnits(Buffer.from([1, 2, 3]))).toEqual([]);
  });

  it('joinAnnexB is the inverse of splitNalUnits', () => {
    const nals = [Buffer.from([0x67, 1]), Buffer.from([0x68]), Buffer.from([0x65, 9, 9, 9])];
    expect(splitNalUnits(joinAnnexB(nals))).toEqual(nals);
  });
});
