import { BitReader } from '../bitstream/bit-reader';
import { unescapeRbsp } from '../bitstream/rbsp';

export interface H265ProfileTierLevel {
  profileSpace: number;
  tierFlag: number;
  profileIdc: number;
  /** general_profile_compatibility_flag[0..31] as a 32-bit number, flag 0 in the most significant bit. */
  compatibilityFlags: number;
  /** The 48 bits after the compatibility flags (progressive, interlaced, ... flags), as 6 bytes. */
  constraintBytes: number[];
  levelIdc: number;
}

export interface H265Sps {
  spsId: number;
  ptl: H265ProfileTierLevel;
  chromaFormatIdc: number;
  width: number;
  height: number;
  bitDepthLuma: number;
  /** e.g. "Main", "Main 10". */
  profile: string;
}

/** Parses a sequence parameter set NAL unit (2-byte header included), H.265 7.3.2.2. Undefined when malformed. */
export function parseH265Sps(nal: Uint8Array): H265Sps | undefined {
  if (nal.length < 15 || ((nal[0] >> 1) & 0x3f) !== 33) return undefined;
  try {
    return readSps(new BitReader(unescapeRbsp(nal.subarray(2))));
  } catch {
    return undefined;
  }
}

function readSps(r: BitReader): H265Sps | undefined {
  r.skip(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.u(3);
  if (maxSubLayersMinus1 > 6) return undefined;
  r.skip(1); // sps_temporal_id_nesting_flag
  const ptl = readProfileTierLevel(r, maxSubLayersMinus1);
  const spsId = r.ue();
  if (spsId > 15) return undefined;
  const chromaFormatIdc = r.ue();
  if (chromaFormatIdc > 3) return undefined;
  const separateColourPlane = chromaFormatIdc === 3 ? r.flag() : false;
  const picWidth = r.ue();
  const picHeight = r.ue();
  let left = 0;
  let right = 0;
  let top = 0;
  let bottom = 0;
  if (r.flag()) {
    left = r.ue();
    right = r.ue();
    top = r.ue();
    bottom = r.ue();
  }
  const bitDepthLuma = r.ue() + 8;
  // Conformance window units, H.265 Table 6-1 (ChromaArrayType 0 counts in luma samples).
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const width = picWidth - subWidthC * (left + right);
  const height = picHeight - subHeightC * (top + bottom);
  if (width <= 0 || height <= 0) return undefined;
  return {
    spsId,
    ptl,
    chromaFormatIdc,
    width,
    height,
    bitDepthLuma,
    profile: h265ProfileName(ptl.profileIdc, ptl.compatibilityFlags),
  };
}

function readProfileTierLevel(r: BitReader, maxSubLayersMinus1: number): H265ProfileTierLevel {
  const profileSpace = r.u(2);
  const tierFlag = r.u(1);
  const profileIdc = r.u(5);
  const compatibilityFlags = r.u(32);
  const constraintBytes: number[] = [];
  for (let i = 0; i < 6; i++) constraintBytes.push(r.u(8));
  const levelIdc = r.u(8);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.flag());
    levelPresent.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) r.skip(2 * (8 - maxSubLayersMinus1));
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skip(88);
    if (levelPresent[i]) r.skip(8);
  }
  return { profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintBytes, levelIdc };
}

/** Profile name from general_profile_idc, falling back to the compatibility flags (Annex A.3). */
export function h265ProfileName(profileIdc: number, compatibilityFlags: number): string {
  const names: Record<number, string> = {
    1: 'Main',
    2: 'Main 10',
    3: 'Main Still Picture',
    4: 'Format Range Extensions',
    5: 'High Throughput',
    9: 'Screen Content Coding',
  };
  if (names[profileIdc]) return names[profileIdc];
  for (let j = 1; j <= 3; j++) if ((compatibilityFlags >>> (31 - j)) & 1) return names[j];
  return `profile ${profileIdc}`;
}
