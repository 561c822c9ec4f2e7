// H.264 access units from the frame channel are Annex B (start codes). MP4 (ISO/IEC 14496-15) and the WebCodecs
// "avc" format want length-prefixed NAL units plus an AVCDecoderConfigurationRecord (avcC) holding SPS and PPS.

export const H264_NAL = { idr: 5, sei: 6, sps: 7, pps: 8, aud: 9, endOfSeq: 10, endOfStream: 11, filler: 12 } as const;

/** The NAL units of an Annex B buffer, as views without start codes or trailing zero bytes. */
export function splitNalUnits(data: Uint8Array): Uint8Array[] {
  const starts: { at: number; payload: number }[] = [];
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      starts.push({ at: i, payload: i + 3 });
      i += 2;
    }
  }
  const out: Uint8Array[] = [];
  for (let k = 0; k < starts.length; k++) {
    let end = k + 1 < starts.length ? starts[k + 1].at : data.length;
    // Zero bytes before a start code are leading_zero_8bits / the 4-byte start code, not NAL content.
    while (end > starts[k].payload && data[end - 1] === 0) end--;
    if (end > starts[k].payload) out.push(data.subarray(starts[k].payload, end));
  }
  return out;
}

export const h264NalType = (nal: Uint8Array): number => nal[0] & 0x1f;

export interface H264ParameterSets {
  sps: Uint8Array[];
  pps: Uint8Array[];
}

export function findParameterSets(nals: readonly Uint8Array[]): H264ParameterSets {
  const sps: Uint8Array[] = [];
  const pps: Uint8Array[] = [];
  for (const n of nals) {
    const type = h264NalType(n);
    if (type === H264_NAL.sps) sps.push(n);
    else if (type === H264_NAL.pps) pps.push(n);
  }
  return { sps, pps };
}

/**
 * One MP4 sample: 4-byte big-endian lengths before each NAL unit. Parameter sets live in avcC and access unit
 * delimiters / filler carry nothing for a file, so they are left out.
 */
export function toLengthPrefixed(nals: readonly Uint8Array[]): Uint8Array {
  const kept = nals.filter((n) => {
    const type = h264NalType(n);
    return type !== H264_NAL.sps && type !== H264_NAL.pps && type !== H264_NAL.aud && type !== H264_NAL.filler;
  });
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

/** SPS fields avcC repeats; the chroma / bit depth ones only exist in the SPS of the High profiles. */
export interface SpsHeader {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
}

// H.264 7.3.2.1.1: profiles whose SPS carries chroma_format_idc and bit depths.
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

export function readSpsHeader(sps: Uint8Array): SpsHeader | null {
  if (sps.length < 4 || h264NalType(sps) !== H264_NAL.sps) return null;
  const header: SpsHeader = { profileIdc: sps[1], constraintFlags: sps[2], levelIdc: sps[3], chromaFormatIdc: 1, bitDepthLuma: 8, bitDepthChroma: 8 };
  if (!HIGH_PROFILES.has(header.profileIdc)) return header;
  const bits = new BitReader(unescapeRbsp(sps.subarray(4)));
  bits.ue(); // seq_parameter_set_id
  header.chromaFormatIdc = bits.ue();
  if (header.chromaFormatIdc === 3) bits.bit(); // separate_colour_plane_flag
  header.bitDepthLuma = bits.ue() + 8;
  header.bitDepthChroma = bits.ue() + 8;
  return bits.overrun ? null : header;
}

/** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) with 4-byte NAL lengths. */
export function buildAvcC(ps: H264ParameterSets): Uint8Array | null {
  const header = ps.sps.length > 0 ? readSpsHeader(ps.sps[0]) : null;
  if (!header || ps.pps.length === 0) return null;
  const high = HIGH_PROFILES.has(header.profileIdc);
  const size = 7 + ps.sps.reduce((s, n) => s + 2 + n.length, 0) + ps.pps.reduce((s, n) => s + 2 + n.length, 0) + (high ? 4 : 0);
  const out = new Uint8Array(size);
  let at = 0;
  const u8 = (v: number) => (out[at++] = v & 0xff);
  const u16 = (v: number) => {
    u8(v >> 8);
    u8(v);
  };
  u8(1);
  u8(header.profileIdc);
  u8(header.constraintFlags);
  u8(header.levelIdc);
  u8(0xfc | 3);
  u8(0xe0 | Math.min(ps.sps.length, 31));
  for (const n of ps.sps.slice(0, 31)) {
    u16(n.length);
    out.set(n, at);
    at += n.length;
  }
  u8(Math.min(ps.pps.length, 255));
  for (const n of ps.pps.slice(0, 255)) {
    u16(n.length);
    out.set(n, at);
    at += n.length;
  }
  if (high) {
    u8(0xfc | (header.chromaFormatIdc & 3));
    u8(0xf8 | ((header.bitDepthLuma - 8) & 7));
    u8(0xf8 | ((header.bitDepthChroma - 8) & 7));
    u8(0); // numOfSequenceParameterSetExt
  }
  return out.subarray(0, at);
}

/** "avc1.PPCCLL" from an SPS, for when the frame header carries no codec string. */
export function avcCodecString(sps: Uint8Array): string | null {
  const h = readSpsHeader(sps);
  if (!h) return null;
  const hex = (v: number) => v.toString(16).toUpperCase().padStart(2, '0');
  return `avc1.${hex(h.profileIdc)}${hex(h.constraintFlags)}${hex(h.levelIdc)}`;
}

/** Removes emulation prevention bytes (00 00 03 -> 00 00), H.264 7.4.1. */
export function unescapeRbsp(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  let n = 0;
  let zeros = 0;
  for (const b of data) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[n++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, n);
}

class BitReader {
  private pos = 0;
  overrun = false;
  constructor(private readonly data: Uint8Array) {}

  bit(): number {
    const byte = this.pos >> 3;
    if (byte >= this.data.length) {
      this.overrun = true;
      return 0;
    }
    const v = (this.data[byte] >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return v;
  }

  /** Exp-Golomb ue(v). */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      if (this.overrun || ++zeros > 31) {
        this.overrun = true;
        return 0;
      }
    }
    let v = 0;
    for (let i = 0; i < zeros; i++) v = v * 2 + this.bit();
    return 2 ** zeros - 1 + v;
  }
}
