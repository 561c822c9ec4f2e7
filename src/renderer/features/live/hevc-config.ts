// H.265 in MP4 (ISO/IEC 14496-15 clause 8): VPS/SPS/PPS go into an HEVCDecoderConfigurationRecord (hvcC) and
// each access unit becomes one sample of length-prefixed NAL units.
import { unescapeRbsp } from './annexb';

export const HEVC_NAL = { vps: 32, sps: 33, pps: 34, aud: 35, endOfSeq: 36, endOfStream: 37, filler: 38 } as const;

export const hevcNalType = (nal: Uint8Array): number => (nal[0] >> 1) & 0x3f;

/** IRAP pictures (BLA, IDR, CRA: types 16-21) start a stream a decoder can join. */
export const isHevcKeyNal = (nal: Uint8Array): boolean => hevcNalType(nal) >= 16 && hevcNalType(nal) <= 21;

export interface HevcParameterSets {
  vps: Uint8Array[];
  sps: Uint8Array[];
  pps: Uint8Array[];
}

export function findHevcParameterSets(nals: readonly Uint8Array[]): HevcParameterSets {
  const sets: HevcParameterSets = { vps: [], sps: [], pps: [] };
  for (const n of nals) {
    const type = hevcNalType(n);
    if (type === HEVC_NAL.vps) sets.vps.push(n);
    else if (type === HEVC_NAL.sps) sets.sps.push(n);
    else if (type === HEVC_NAL.pps) sets.pps.push(n);
  }
  return sets;
}

/** The SPS fields hvcC repeats (H.265 7.3.2.2.1 and profile_tier_level, 7.3.3). */
export interface HevcSpsHeader {
  maxSubLayersMinus1: number;
  temporalIdNesting: boolean;
  /** general_profile_space, tier and profile_idc: the byte as hvcC stores it. */
  profileByte: number;
  profileIdc: number;
  tierFlag: number;
  compatibilityFlags: number;
  /** The 48 bits of general constraint indicator flags. */
  constraintFlags: Uint8Array;
  levelIdc: number;
  chromaFormatIdc: number;
  width: number;
  height: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
}

export function readHevcSps(sps: Uint8Array): HevcSpsHeader | null {
  if (sps.length < 4 || hevcNalType(sps) !== HEVC_NAL.sps) return null;
  const b = new Bits(unescapeRbsp(sps.subarray(2)));
  b.read(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = b.read(3);
  const temporalIdNesting = b.read(1) === 1;
  const profileByte = b.read(8);
  const compatibilityFlags = b.read(32) >>> 0;
  const constraintFlags = Uint8Array.from({ length: 6 }, () => b.read(8));
  const levelIdc = b.read(8);
  const subLayerProfile: number[] = [];
  const subLayerLevel: number[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    subLayerProfile.push(b.read(1));
    subLayerLevel.push(b.read(1));
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) b.read(2);
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (subLayerProfile[i]) b.skip(88);
    if (subLayerLevel[i]) b.skip(8);
  }
  b.ue(); // sps_seq_parameter_set_id
  const chromaFormatIdc = b.ue();
  if (chromaFormatIdc === 3) b.read(1); // separate_colour_plane_flag
  let width = b.ue();
  let height = b.ue();
  if (b.read(1)) {
    // conformance_window_flag: offsets in chroma samples (H.265 Table 6-1).
    const [left, right, top, bottom] = [b.ue(), b.ue(), b.ue(), b.ue()];
    const subWidth = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
    const subHeight = chromaFormatIdc === 1 ? 2 : 1;
    width -= subWidth * (left + right);
    height -= subHeight * (top + bottom);
  }
  const bitDepthLuma = b.ue() + 8;
  const bitDepthChroma = b.ue() + 8;
  if (b.overrun) return null;
  return {
    maxSubLayersMinus1,
    temporalIdNesting,
    profileByte,
    profileIdc: profileByte & 0x1f,
    tierFlag: (profileByte >> 5) & 1,
    compatibilityFlags,
    constraintFlags,
    levelIdc,
    chromaFormatIdc,
    width,
    height,
    bitDepthLuma,
    bitDepthChroma,
  };
}

/** HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) with 4-byte NAL lengths; null without VPS, SPS and PPS. */
export function buildHvcC(ps: HevcParameterSets): Uint8Array | null {
  const h = ps.sps.length > 0 ? readHevcSps(ps.sps[0]) : null;
  if (!h || ps.vps.length === 0 || ps.pps.length === 0) return null;
  const arrays: [number, Uint8Array[]][] = [
    [HEVC_NAL.vps, ps.vps],
    [HEVC_NAL.sps, ps.sps],
    [HEVC_NAL.pps, ps.pps],
  ];
  const size = 23 + arrays.reduce((s, [, nals]) => s + 3 + nals.reduce((t, n) => t + 2 + n.length, 0), 0);
  const out = new Uint8Array(size);
  let at = 0;
  const u8 = (v: number) => (out[at++] = v & 0xff);
  const u16 = (v: number) => (u8(v >> 8), u8(v));
  u8(1); // configurationVersion
  u8(h.profileByte);
  u16(h.compatibilityFlags >>> 16);
  u16(h.compatibilityFlags & 0xffff);
  for (const c of h.constraintFlags) u8(c);
  u8(h.levelIdc);
  u16(0xf000); // min_spatial_segmentation_idc 0: unknown
  u8(0xfc); // parallelismType 0: unknown
  u8(0xfc | (h.chromaFormatIdc & 3));
  u8(0xf8 | ((h.bitDepthLuma - 8) & 7));
  u8(0xf8 | ((h.bitDepthChroma - 8) & 7));
  u16(0); // avgFrameRate: unspecified
  // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3.
  u8((((h.maxSubLayersMinus1 + 1) & 7) << 3) | ((h.temporalIdNesting ? 1 : 0) << 2) | 3);
  u8(arrays.length);
  for (const [type, nals] of arrays) {
    u8(0x80 | type); // array_completeness 1: every parameter set is here, none in the samples
    u16(nals.length);
    for (const n of nals) {
      u16(n.length);
      out.set(n, at);
      at += n.length;
    }
  }
  return out;
}

/** "hvc1.<profile>.<compatibility, bits reversed>.<L|H><level>.<constraint bytes>" (ISO/IEC 14496-15 E.3). */
export function hevcCodecString(sps: Uint8Array): string | null {
  const h = readHevcSps(sps);
  if (!h) return null;
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (h.compatibilityFlags & (1 << i)) reversed |= 1 << (31 - i);
  const space = ['', 'A', 'B', 'C'][h.profileByte >> 6];
  const constraints = Array.from(h.constraintFlags);
  while (constraints.length > 0 && constraints.at(-1) === 0) constraints.pop();
  const tail = constraints.map((c) => `.${c.toString(16).toUpperCase()}`).join('');
  return `hvc1.${space}${h.profileIdc}.${(reversed >>> 0).toString(16).toUpperCase()}.${h.tierFlag ? 'H' : 'L'}${h.levelIdc}${tail}`;
}

const NOT_IN_SAMPLES = new Set<number>([HEVC_NAL.vps, HEVC_NAL.sps, HEVC_NAL.pps, HEVC_NAL.aud, HEVC_NAL.filler]);

/** One MP4 sample: 4-byte lengths before each NAL unit; parameter sets (in hvcC), delimiters and filler left out. */
export function hevcSample(nals: readonly Uint8Array[]): Uint8Array {
  const kept = nals.filter((n) => !NOT_IN_SAMPLES.has(hevcNalType(n)));
  const out = new Uint8Array(kept.reduce((sum, n) => sum + 4 + n.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const n of kept) {
    view.setUint32(at, n.length);
    out.set(n, at + 4);
    at += 4 + n.length;
  }
  return out;
}

class Bits {
  private pos = 0;
  overrun = false;
  constructor(private readonly data: Uint8Array) {}

  read(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.pos >> 3;
      if (byte >= this.data.length) {
        this.overrun = true;
        return 0;
      }
      v = v * 2 + ((this.data[byte] >> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  }

  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.data.length * 8) this.overrun = true;
  }

  /** Exp-Golomb ue(v). */
  ue(): number {
    let zeros = 0;
    while (this.read(1) === 0) {
      if (this.overrun || ++zeros > 31) {
        this.overrun = true;
        return 0;
      }
    }
    return 2 ** zeros - 1 + this.read(zeros);
  }
}
