import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitNalUnits } from '../annexb/nal-split';
import { splitAccessUnits } from '../annexb/split-access-units';
import { clipPath } from '../clip/resources-dir';
import { avcCodecString } from './codec-string';
import { H264Nal, h264NalType, isLikelyH264Header, isPlausibleH264Header } from './nal';
import { h264Rules } from './rules';
import { parseH264Sps } from './sps';

function firstSps(file: Buffer) {
  const nal = splitNalUnits(file).find((n) => h264NalType(n[0]) === H264Nal.Sps);
  if (!nal) throw new Error('no SPS');
  return nal;
}

describe('H.264 on the committed clips', () => {
  const baseline = readFileSync(clipPath('h264Baseline'));
  const high = readFileSync(clipPath('h264High'));

  it('parses the baseline SPS: 640x360 after cropping 368 coded lines, Constrained Baseline level 3.0', () => {
    const sps = parseH264Sps(firstSps(baseline));
    expect(sps).toMatchObject({ width: 640, height: 360, profileIdc: 66, levelIdc: 30, frameMbsOnly: true });
    expect(sps?.profile).toBe('Constrained Baseline');
    expect(h264Rules.parseSps(firstSps(baseline))?.codecString).toBe('avc1.42C01E');
  });

  it('parses the high SPS (chroma format, scaling-list path)', () => {
    const sps = parseH264Sps(firstSps(high));
    expect(sps).toMatchObject({ width: 640, height: 360, profileIdc: 100, chromaFormatIdc: 1, profile: 'High' });
    expect(h264Rules.parseSps(firstSps(high))?.codecString).toBe('avc1.64001E');
  });

  it('groups 250 access units with an IDR every 25 frames (with and without AUD)', () => {
    for (const clip of [baseline, high]) {
      const aus = splitAccessUnits(clip, h264Rules);
      expect(aus).toHaveLength(250);
      const keys = aus.flatMap((a, i) => (a.keyframe ? [i] : []));
      expect(keys).toEqual([0, 25, 50, 75, 100, 125, 150, 175, 200, 225]);
      expect(aus[0].info).toMatchObject({ width: 640, height: 360 });
      expect(aus.reduce((n, a) => n + a.data.length, 0)).toBe(clip.length);
    }
  });

  it('keeps every access unit of the high clip starting with its AUD', () => {
    for (const au of splitAccessUnits(high, h264Rules)) expect(h264NalType(au.data[4])).toBe(H264Nal.Aud);
  });

  it('rejects truncated or wrong-type SPS bytes without throwing', () => {
    const sps = firstSps(baseline);
    for (let n = 0; n < sps.length - 1; n++) expect(() => parseH264Sps(sps.subarray(0, n))).not.toThrow();
    expect(parseH264Sps(sps.subarray(0, 5))).toBeUndefined();
    expect(parseH264Sps(Buffer.from([0x68, 0xce, 0x3c, 0x80]))).toBeUndefined();
  });

  it('builds codec strings and judges header plausibility', () => {
    expect(avcCodecString(77, 0x40, 31)).toBe('avc1.4D401F');
    expect(isPlausibleH264Header(0x67)).toBe(true);
    expect(isPlausibleH264Header(0xe0)).toBe(false);
    expect(isPlausibleH264Header(0x00)).toBe(false);
    expect([0x67, 0x68, 0x65, 0x41, 0x01, 0x06, 0x09].map(isLikelyH264Header)).toEqual([true, true, true, true, true, true, true]);
    expect([0x07, 0x05, 0x26, 0x02, 0x4e].map(isLikelyH264Header)).toEqual([false, false, false, false, false]);
  });
});
