import { describe, expect, it } from 'vitest';
import { BitReader, BitstreamEndError } from './bit-reader';
import { unescapeRbsp } from './rbsp';

describe('BitReader', () => {
  it('reads fixed-width fields MSB first', () => {
    const r = new BitReader(Uint8Array.from([0b1010_1100, 0xff, 0x00, 0x01, 0x80]));
    expect(r.u(3)).toBe(0b101);
    expect(r.u(5)).toBe(0b01100);
    expect(r.u(32)).toBe(0xff000180);
    expect(r.bitsLeft).toBe(0);
    expect(() => r.bit()).toThrow(BitstreamEndError);
  });

  it('decodes Exp-Golomb ue(v) and se(v) (codes 1, 010, 011, 00100, 00101)', () => {
    // 1 010 011 00100 00101 -> ue: 0 1 2 3 4 ; then se from 010 011 00100 -> 1 -1 2
    const r = new BitReader(Uint8Array.from([0b1010_0110, 0b0100_0010, 0b1010_0110, 0b0100_0000]));
    expect([r.ue(), r.ue(), r.ue(), r.ue(), r.ue()]).toEqual([0, 1, 2, 3, 4]);
    expect([r.se(), r.se(), r.se()]).toEqual([1, -1, 2]);
  });

  it('throws a RangeError (not garbage) on an endless zero prefix', () => {
    expect(() => new BitReader(new Uint8Array(8)).ue()).toThrow(RangeError);
  });
});

describe('unescapeRbsp', () => {
  it('drops the 03 of every 00 00 03 and nothing else', () => {
    const nal = Uint8Array.from([0x67, 0, 0, 3, 1, 0, 0, 3, 0, 0, 3, 3, 0, 0, 2]);
    expect([...unescapeRbsp(nal)]).toEqual([0x67, 0, 0, 1, 0, 0, 0, 0, 3, 0, 0, 2]);
  });

  it('returns the same array when there is nothing to remove', () => {
    const nal = Uint8Array.from([0x67, 0, 3, 0, 0, 4]);
    expect(unescapeRbsp(nal)).toBe(nal);
  });
});
