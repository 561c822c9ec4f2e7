/** H.265 nal_unit_type values (Table 7-1) used here. */
export const H265Nal = {
  TrailN: 0,
  TrailR: 1,
  BlaWLp: 16,
  IdrWRadl: 19,
  IdrNLp: 20,
  Cra: 21,
  Vps: 32,
  Sps: 33,
  Pps: 34,
  Aud: 35,
  EndOfSeq: 36,
  EndOfBitstream: 37,
  Filler: 38,
  PrefixSei: 39,
  SuffixSei: 40,
  Ap: 48,
  Fu: 49,
} as const;

/** nal_unit_type from the first header byte. */
export function h265NalType(b0: number): number {
  return (b0 >> 1) & 0x3f;
}

export function isH265Vcl(type: number): boolean {
  return type < 32;
}

/** IRAP pictures (BLA, IDR, CRA and reserved IRAP 22-23) are random access points. */
export function isH265Keyframe(type: number): boolean {
  return type >= 16 && type <= 23;
}

/** Forbidden bit clear, nuh_layer_id 0, TemporalId+1 non-zero and a type that streams carry. */
export function isPlausibleH265Header(b0: number, b1: number): boolean {
  if (b0 & 0x81) return false;
  if (b1 >> 3 !== 0 || (b1 & 7) === 0) return false;
  const t = h265NalType(b0);
  return t <= 9 || (t >= 16 && t <= 21) || (t >= 32 && t <= 40);
}
