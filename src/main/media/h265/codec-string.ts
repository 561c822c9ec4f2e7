import type { H265ProfileTierLevel } from './sps';

/**
 * WebCodecs / ISO 14496-15 Annex E codec string, e.g. "hvc1.1.6.L93.B0": profile space and idc, the
 * compatibility flags bit-reversed in hex, tier and level, then the constraint bytes without trailing zero bytes.
 */
export function hevcCodecString(ptl: H265ProfileTierLevel): string {
  const space = ['', 'A', 'B', 'C'][ptl.profileSpace] ?? '';
  const compat = reverseBits32(ptl.compatibilityFlags).toString(16).toUpperCase();
  const tier = ptl.tierFlag ? 'H' : 'L';
  const bytes = [...ptl.constraintBytes];
  while (bytes.length > 0 && bytes[bytes.length - 1] === 0) bytes.pop();
  const constraints = bytes.map((b) => '.' + b.toString(16).toUpperCase()).join('');
  return `hvc1.${space}${ptl.profileIdc}.${compat}.${tier}${ptl.levelIdc}${constraints}`;
}

function reverseBits32(v: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out = out * 2 + ((v >>> i) & 1);
  return out;
}
