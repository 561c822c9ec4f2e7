const START_CODE = Buffer.from([0, 0, 1]);

/** Index of the next 00 00 01 at or after `from`, or -1. */
export function findStartCode(buf: Buffer, from = 0): number {
  return buf.indexOf(START_CODE, from);
}

/**
 * Calls `onNal(start, end)` for every NAL unit in an Annex B buffer; start is the NAL header byte, end excludes
 * the next start code and any trailing_zero_8bits (so 3- and 4-byte start codes are both handled).
 * Bytes before the first start code are ignored.
 */
export function forEachNalUnit(buf: Buffer, onNal: (start: number, end: number) => void): void {
  let sc = findStartCode(buf, 0);
  while (sc >= 0) {
    const start = sc + 3;
    const next = findStartCode(buf, start);
    let end = next < 0 ? buf.length : next;
    while (end > start && buf[end - 1] === 0) end--;
    if (end > start) onNal(start, end);
    sc = next;
  }
}

/** The NAL units of an Annex B buffer as subarrays (no copy), without start codes. */
export function splitNalUnits(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  forEachNalUnit(buf, (s, e) => out.push(buf.subarray(s, e)));
  return out;
}

/** Joins NAL units into Annex B with 4-byte start codes. */
export function joinAnnexB(nals: readonly Uint8Array[]): Buffer {
  let len = 0;
  for (const n of nals) len += 4 + n.length;
  const out = Buffer.allocUnsafe(len);
  let o = 0;
  for (const n of nals) {
    out.writeUInt32BE(1, o);
    out.set(n, o + 4);
    o += 4 + n.length;
  }
  return out;
}
