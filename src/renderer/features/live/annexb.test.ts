import { describe, expect, it } from 'vitest';
import { avcCodecString, buildAvcC, findParameterSets, readSpsHeader, splitNalUnits, toLengthPrefixed, unescapeRbsp } from './annexb';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');

// Parameter sets of the committed clips (resources/media), as ffmpeg wrote them.
const BASE_SPS = hex('6742c01ed900a02ff97011000003000100000300320f162e48');
const BASE_PPS = hex('68cb8cb2');
const HIGH_SPS = hex('6764001eacb201405ff2e022000003000200000300641e2c5c90');
const HIGH_PPS = hex('68ebccb22c');

function annexB(...parts: [startCode: number[], nal: Uint8Array][]): Uint8Array {
  const bytes: number[] = [];
  for (const [sc, nal] of parts) bytes.push(...sc, ...nal);
  return Uint8Array.from(bytes);
}

describe('splitNalUnits', () => {
  it('finds NAL units after 3- and 4-byte start codes and drops the zero bytes between them', () => {
    const idr = hex('65888401ff');
    const data = annexB([[0, 0, 0, 1], BASE_SPS], [[0, 0, 1], BASE_PPS], [[0, 0, 0, 0, 1], idr]);
    const nals = splitNalUnits(data);
    expect(nals.map(toHex)).toEqual([toHex(BASE_SPS), toHex(BASE_PPS), toHex(idr)]);
  });

  it('keeps emulation-prevented zeros inside a NAL unit and ignores bytes before the first start code', () => {
    const nal = hex('410100000300000301ff');
    expect(splitNalUnits(annexB([[0xaa, 0, 0, 1], nal])).map(toHex)).toEqual([toHex(nal)]);
  });

  it('returns nothing for garbage without start codes', () => {
    expect(splitNalUnits(hex('0102030405'))).toEqual([]);
    expect(splitNalUnits(new Uint8Array(0))).toEqual([]);
  });
});

describe('toLengthPrefixed', () => {
  it('writes 4-byte lengths and leaves out SPS, PPS and AUD (they live in avcC)', () => {
    const aud = hex('09f0');
    const sei = hex('0605ff');
    const idr = hex('6588840f');
    const out = toLengthPrefixed([aud, BASE_SPS, BASE_PPS, sei, idr]);
    expect(toHex(out)).toBe('00000003' + '0605ff' + '00000004' + '6588840f');
  });
});

describe('SPS header and avcC', () => {
  it('reads profile, constraint flags and level of a Constrained Baseline SPS', () => {
    expect(readSpsHeader(BASE_SPS)).toMatchObject({ profileIdc: 66, constraintFlags: 0xc0, levelIdc: 30 });
    expect(avcCodecString(BASE_SPS)).toBe('avc1.42C01E');
  });

  it('reads chroma format and bit depths from a High profile SPS', () => {
    expect(readSpsHeader(HIGH_SPS)).toEqual({ profileIdc: 100, constraintFlags: 0, levelIdc: 30, chromaFormatIdc: 1, bitDepthLuma: 8, bitDepthChroma: 8 });
    expect(avcCodecString(HIGH_SPS)).toBe('avc1.64001E');
  });

  it('builds the same avcC as ffmpeg does for the baseline clip', () => {
    expect(toHex(buildAvcC({ sps: [BASE_SPS], pps: [BASE_PPS] })!)).toBe('0142c01effe100196742c01ed900a02ff97011000003000100000300320f162e4801000468cb8cb2');
  });

  it('builds the same avcC as ffmpeg does for the High profile clip, with the High profile extension', () => {
    expect(toHex(buildAvcC({ sps: [HIGH_SPS], pps: [HIGH_PPS] })!)).toBe(
      '0164001effe1001a6764001eacb201405ff2e022000003000200000300641e2c5c9001000568ebccb22cfdf8f800',
    );
  });

  it('has no avcC without both parameter sets or with a truncated SPS', () => {
    expect(buildAvcC({ sps: [BASE_SPS], pps: [] })).toBeNull();
    expect(buildAvcC({ sps: [], pps: [BASE_PPS] })).toBeNull();
    expect(readSpsHeader(HIGH_SPS.subarray(0, 4))).toBeNull();
    expect(readSpsHeader(BASE_PPS)).toBeNull();
  });

  it('finds the parameter sets among the NAL units of a keyframe', () => {
    const ps = findParameterSets(splitNalUnits(annexB([[0, 0, 0, 1], HIGH_SPS], [[0, 0, 0, 1], HIGH_PPS], [[0, 0, 1], hex('658880')])));
    expect(ps.sps.map(toHex)).toEqual([toHex(HIGH_SPS)]);
    expect(ps.pps.map(toHex)).toEqual([toHex(HIGH_PPS)]);
  });
});

describe('unescapeRbsp', () => {
  it('removes the 03 after two zero bytes only', () => {
    expect(toHex(unescapeRbsp(hex('0000030100000300')))).toBe('000001000000');
    expect(toHex(unescapeRbsp(hex('00030003')))).toBe('00030003');
  });
});
