import { forEachNalUnit } from '../annexb/nal-split';
import { H264Nal } from './nal';
import { parseH264Sps } from './sps';

/** Annex B access unit to length-prefixed NAL units (4-byte big-endian lengths), as MP4 and WebCodecs "avc" use. */
export function annexBToLengthPrefixed(au: Buffer): Buffer {
  const ranges: number[] = [];
  let total = 0;
  forEachNalUnit(au, (s, e) => {
    ranges.push(s, e);
    total += 4 + e - s;
  });
  const out = Buffer.allocUnsafe(total);
  let o = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    out.writeUInt32BE(ranges[i + 1] - ranges[i], o);
    au.copy(out, o + 4, ranges[i], ranges[i + 1]);
    o += 4 + ranges[i + 1] - ranges[i];
  }
  return out;
}

/**
 * AVCDecoderConfigurationRecord (ISO 14496-15 5.3.3.1, the MP4 "avcC" box body and the WebCodecs description)
 * from the SPS and PPS found in a keyframe access unit; undefined when it has no SPS or PPS.
 */
export function avcDecoderConfig(keyframe: Buffer): Buffer | undefined {
  const sps: Buffer[] = [];
  const pps: Buffer[] = [];
  forEachNalUnit(keyframe, (s, e) => {
    const t = keyframe[s] & 0x1f;
    if (t === H264Nal.Sps) sps.push(keyframe.subarray(s, e));
    else if (t === H264Nal.Pps) pps.push(keyframe.subarray(s, e));
  });
  if (sps.length === 0 || pps.length === 0 || sps[0].length < 4) return undefined;
  const parts: Buffer[] = [Buffer.from([1, sps[0][1], sps[0][2], sps[0][3], 0xff, 0xe0 | sps.length])];
  for (const s of sps) parts.push(u16(s.length), s);
  parts.push(Buffer.from([pps.length]));
  for (const p of pps) parts.push(u16(p.length), p);
  const profile = sps[0][1];
  if (profile === 100 || profile === 110 || profile === 122 || profile === 144) {
    // High profiles carry chroma format and bit depths too (14496-15 5.3.3.1.2).
    const info = parseH264Sps(sps[0]);
    if (info) {
      parts.push(Buffer.from([0xfc | info.chromaFormatIdc, 0xf8 | (info.bitDepthLuma - 8), 0xf8 | (info.bitDepthChroma - 8), 0]));
    }
  }
  return Buffer.concat(parts);
}

function u16(n: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(n);
  return b;
}
