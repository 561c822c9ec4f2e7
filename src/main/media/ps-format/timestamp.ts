/**
 * 33-bit PTS/DTS in the 5-byte PES form, ISO 13818-1 2.4.3.7: 4-bit prefix, bits 32..30, marker,
 * bits 29..15, marker, bits 14..0, marker.
 */
export function writePesTimestamp(buf: Buffer, at: number, prefix: number, ts: number): void {
  const v = ts % 8589934592;
  const hi = Math.floor(v / 1073741824); // bits 32..30
  const mid = Math.floor(v / 32768) & 0x7fff;
  const lo = v & 0x7fff;
  buf[at] = (prefix << 4) | (hi << 1) | 1;
  buf[at + 1] = mid >> 7;
  buf[at + 2] = ((mid & 0x7f) << 1) | 1;
  buf[at + 3] = lo >> 7;
  buf[at + 4] = ((lo & 0x7f) << 1) | 1;
}

/** Reads the 33-bit value of a 5-byte PES timestamp (marker bits are not checked). */
export function readPesTimestamp(buf: Uint8Array, at: number): number {
  const hi = (buf[at] >> 1) & 7;
  const mid = (buf[at + 1] << 7) | (buf[at + 2] >> 1);
  const lo = (buf[at + 3] << 7) | (buf[at + 4] >> 1);
  return hi * 1073741824 + mid * 32768 + lo;
}
