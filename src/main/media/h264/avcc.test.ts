import { describe, expect, it } from 'vitest';
import { splitNalUnits } from '../annexb/nal-split';
import { clip } from '../testing/media-fixtures';
import { annexBToLengthPrefixed, avcDecoderConfig } from './avcc';

describe('AVCC helpers', () => {
  const key = clip('h264High').frames[0].data;

  it('rewrites start codes as 4-byte lengths', () => {
    const out = annexBToLengthPrefixed(key);
    const nals = splitNalUnits(key);
    let o = 0;
    for (const n of nals) {
      expect(out.readUInt32BE(o)).toBe(n.length);
      expect(out.subarray(o + 4, o + 4 + n.length).equals(n)).toBe(true);
      o += 4 + n.length;
    }
    expect(o).toBe(out.length);
  });

  it('builds the avcC record from the keyframe parameter sets', () => {
    const rec = avcDecoderConfig(key)!;
    const sps = splitNalUnits(key).find((n) => (n[0] & 0x1f) === 7)!;
    expect([...rec.subarray(0, 6)]).toEqual([1, 0x64, 0x00, 0x1e, 0xff, 0xe1]);
    expect(rec.readUInt16BE(6)).toBe(sps.length);
    expect(rec.subarray(8, 8 + sps.length).equals(sps)).toBe(true);
    expect(rec[8 + sps.length]).toBe(1);
    expect([...rec.subarray(-4)]).toEqual([0xfd, 0xf8, 0xf8, 0]); // High: 4:2:0, 8-bit, no SPS extensions
    expect(avcDecoderConfig(clip('h264High').frames[1].data)).toBeUndefined();
  });
});
