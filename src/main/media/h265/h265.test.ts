import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitNalUnits } from '../annexb/nal-split';
import { splitAccessUnits } from '../annexb/split-access-units';
import { clipPath } from '../clip/resources-dir';
import { hevcCodecString } from './codec-string';
import { H265Nal, h265NalType, isPlausibleH265Header } from './nal';
import { h265Rules } from './rules';
import { parseH265Sps } from './sps';

describe('H.265 on the committed clip', () => {
  const clip = readFileSync(clipPath('h265Main'));
  const nals = splitNalUnits(clip);

  it('starts with VPS, SPS, PPS and has IDR keyframes', () => {
    expect(nals.slice(0, 3).map((n) => h265NalType(n[0]))).toEqual([H265Nal.Vps, H265Nal.Sps, H265Nal.Pps]);
    expect(nals.some((n) => h265NalType(n[0]) === H265Nal.IdrNLp)).toBe(true);
    for (const n of nals) expect(isPlausibleH265Header(n[0], n[1])).toBe(true);
  });

  it('parses the SPS: 640x360, Main', () => {
    const spsNal = nals.find((n) => h265NalType(n[0]) === H265Nal.Sps);
    const sps = parseH265Sps(spsNal!);
    expect(sps).toMatchObject({ width: 640, height: 360, profile: 'Main', chromaFormatIdc: 1, bitDepthLuma: 8 });
    expect(sps!.ptl.profileIdc).toBe(1);
    expect(hevcCodecString(sps!.ptl)).toBe('hvc1.1.6.L63.90'); // x265: progressive + frame-only, level 2.1
  });

  it('groups 250 access units with an IRAP every 25 frames', () => {
    const aus = splitAccessUnits(clip, h265Rules);
    expect(aus).toHaveLength(250);
    expect(aus.flatMap((a, i) => (a.keyframe ? [i] : []))).toEqual([0, 25, 50, 75, 100, 125, 150, 175, 200, 225]);
    expect(aus[0].info?.codecString).toMatch(/^hvc1\./);
  });

  it('builds the codec string of a Main 10 high-tier stream', () => {
    const ptl = {
      profileSpace: 0,
      tierFlag: 1,
      profileIdc: 2,
      compatibilityFlags: 0x20000000,
      constraintBytes: [0xb0, 0, 0, 0, 0, 0],
      levelIdc: 120,
    };
    expect(hevcCodecString(ptl)).toBe('hvc1.2.4.H120.B0');
  });

  it('tells H.265 headers from typical H.264 ones', () => {
    expect(isPlausibleH265Header(0x40, 0x01)).toBe(true);
    expect(isPlausibleH265Header(0x67, 0x42)).toBe(false);
    expect(isPlausibleH265Header(0x65, 0x88)).toBe(false);
    expect(isPlausibleH265Header(0x41, 0x9a)).toBe(false);
  });
});
