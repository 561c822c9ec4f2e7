import { readPesTimestamp } from '../ps-format/timestamp';

/** Result of looking at a header that may not be complete yet. */
export const NEED_MORE = -1;
export const INVALID = -2;

/**
 * Size of the pack header at `at` (ISO 13818-1 2.5.3.3 MPEG-2 form with stuffing, or the 12-byte MPEG-1 form of
 * ISO 11172-1), NEED_MORE, or INVALID when the marker bits say it is not one.
 */
export function packHeaderSize(b: Uint8Array, at: number, avail: number): number {
  if (avail < 5) return NEED_MORE;
  const m = b[at + 4];
  if (m >> 6 === 1) {
    if (avail < 14) return NEED_MORE;
    if ((m & 0x04) === 0 || (b[at + 6] & 0x04) === 0 || (b[at + 8] & 0x04) === 0) return INVALID;
    return 14 + (b[at + 13] & 0x07);
  }
  if (m >> 4 === 2) {
    if (avail < 12) return NEED_MORE;
    if ((m & 1) === 0 || (b[at + 6] & 1) === 0 || (b[at + 8] & 1) === 0) return INVALID;
    return 12;
  }
  return INVALID;
}

export interface PesHeader {
  /** Bytes from the start code to the payload. */
  headerSize: number;
  /** Payload bytes after the header; -1 when PES_packet_length is 0 (unbounded). */
  payloadSize: number;
  pts: number;
  dts: number;
  hasPts: boolean;
}

/**
 * Parses a PES header with the optional fields (ISO 13818-1 2.4.3.6, '10' marker) or the MPEG-1 form
 * (ISO 11172-1 2.4.3.3: stuffing, STD buffer, PTS/DTS) into `out`. Returns NEED_MORE, INVALID or 0.
 */
export function parsePesHeader(b: Uint8Array, at: number, avail: number, out: PesHeader): number {
  if (avail < 9) return NEED_MORE;
  const length = (b[at + 4] << 8) | b[at + 5];
  let size: number;
  out.hasPts = false;
  if (b[at + 6] >> 6 === 2) {
    const headerData = b[at + 8];
    size = 9 + headerData;
    if (length !== 0 && size > 6 + length) return INVALID;
    if (avail < size) return NEED_MORE;
    const flags = b[at + 7] >> 6;
    if (flags >= 2 && headerData >= 5) {
      out.hasPts = true;
      out.pts = readPesTimestamp(b, at + 9);
      out.dts = flags === 3 && headerData >= 10 ? readPesTimestamp(b, at + 14) : out.pts;
    }
  } else {
    let o = at + 6;
    const end = at + avail;
    let stuffing = 0;
    while (o < end && b[o] === 0xff) {
      if (++stuffing > 16) return INVALID;
      o++;
    }
    if (o >= end) return NEED_MORE;
    if (b[o] >> 6 === 1) o += 2;
    if (o >= end) return NEED_MORE;
    const c = b[o];
    if (c >> 4 === 2) {
      if (o + 5 > end) return NEED_MORE;
      out.hasPts = true;
      out.pts = readPesTimestamp(b, o);
      out.dts = out.pts;
      o += 5;
    } else if (c >> 4 === 3) {
      if (o + 10 > end) return NEED_MORE;
      out.hasPts = true;
      out.pts = readPesTimestamp(b, o);
      out.dts = readPesTimestamp(b, o + 5);
      o += 10;
    } else if (c === 0x0f) {
      o += 1;
    } else {
      return INVALID;
    }
    size = o - at;
    if (length !== 0 && size > 6 + length) return INVALID;
  }
  out.headerSize = size;
  out.payloadSize = length === 0 ? -1 : 6 + length - size;
  return 0;
}

/** Program stream map (ISO 13818-1 2.5.4) to stream id -> stream_type; undefined when malformed. CRC not checked. */
export function parsePsm(b: Uint8Array, at: number, total: number): Map<number, number> | undefined {
  if (total < 16) return undefined;
  const infoLength = (b[at + 8] << 8) | b[at + 9];
  let o = at + 10 + infoLength;
  if (o + 2 > at + total) return undefined;
  const mapLength = (b[o] << 8) | b[o + 1];
  o += 2;
  const end = o + mapLength;
  if (end > at + total) return undefined;
  const map = new Map<number, number>();
  while (o + 4 <= end) {
    const type = b[o];
    const id = b[o + 1];
    const infoLen = (b[o + 2] << 8) | b[o + 3];
    map.set(id, type);
    o += 4 + infoLen;
  }
  return map;
}
