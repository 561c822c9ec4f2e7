/** H.264 nal_unit_type values (Table 7-1) used here. */
export const H264Nal = {
  Slice: 1,
  SliceA: 2,
  SliceB: 3,
  SliceC: 4,
  Idr: 5,
  Sei: 6,
  Sps: 7,
  Pps: 8,
  Aud: 9,
  EndOfSeq: 10,
  EndOfStream: 11,
  Filler: 12,
  SpsExt: 13,
  Prefix: 14,
  SubsetSps: 15,
  StapA: 24,
  FuA: 28,
} as const;

export function h264NalType(header: number): number {
  return header & 0x1f;
}

/** Coded slices (types 1-5) carry the picture. */
export function isH264Vcl(type: number): boolean {
  return type >= 1 && type <= 5;
}

export function isH264Keyframe(type: number): boolean {
  return type === H264Nal.Idr;
}

/** Forbidden bit clear and a type that a stream may carry (1-23). */
export function isPlausibleH264Header(b0: number): boolean {
  const t = b0 & 0x1f;
  return (b0 & 0x80) === 0 && t >= 1 && t <= 23;
}

/**
 * Stricter than isPlausibleH264Header, for guessing the codec: only the types cameras send (no data partitions,
 * no SVC/MVC), with nal_ref_idc as 7.4.1 requires (non-zero for IDR, SPS, PPS; zero for SEI, AUD, end, filler).
 */
export function isLikelyH264Header(b0: number): boolean {
  if (b0 & 0x80) return false;
  const t = b0 & 0x1f;
  const ref = (b0 >> 5) & 3;
  if (t === 1) return true;
  if (t === 5 || t === 7 || t === 8) return ref !== 0;
  if (t === 6 || (t >= 9 && t <= 12)) return ref === 0;
  return false;
}
