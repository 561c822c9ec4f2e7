import { isLikelyH264Header, isPlausibleH264Header } from '../h264/nal';
import { isPlausibleH265Header } from '../h265/nal';

export type ProbeResult = 'h264' | 'h265' | 'mpeg4' | undefined;

const SC = Buffer.from([0, 0, 1]);

/**
 * Guesses the codec of a video elementary stream without a PSM from its first start codes: MPEG-4 Visual uses
 * start code values >= 0xB0 that H.264/H.265 forbid (forbidden_zero_bit); otherwise each NAL header is scored under
 * both syntaxes. Parameter sets (H.264 SPS 0x67/0x27, H.265 VPS/SPS/PPS 0x40/0x42/0x44 0x01) decide at once.
 * Undefined means "look at more data".
 */
export function probeVideoCodec(es: Buffer, maxNals = 8): ProbeResult {
  let s264 = 0;
  let s265 = 0;
  let nals = 0;
  let sc = es.indexOf(SC);
  while (sc >= 0 && sc + 5 <= es.length && nals < maxNals) {
    const b0 = es[sc + 3];
    const b1 = es[sc + 4];
    if (b0 >= 0xb0 || (b0 >= 0x20 && b0 <= 0x2f && !isPlausibleH265Header(b0, b1) && !isPlausibleH264Header(b0))) {
      return 'mpeg4';
    }
    const p264 = isLikelyH264Header(b0);
    const p265 = isPlausibleH265Header(b0, b1);
    if (p265 && b1 === 0x01 && (b0 === 0x40 || b0 === 0x42 || b0 === 0x44)) return 'h265';
    if (p264 && (b0 & 0x1f) === 7 && !p265) return 'h264';
    s264 += p264 ? 1 : -2;
    s265 += p265 ? 1 : -2;
    nals++;
    sc = es.indexOf(SC, sc + 3);
  }
  if (nals >= 2 && s264 !== s265) return s264 > s265 ? 'h264' : 'h265';
  if (nals >= maxNals) return s265 > s264 ? 'h265' : 'h264';
  return undefined;
}
