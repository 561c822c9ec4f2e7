/**
 * NAL unit payload to RBSP: drops each emulation_prevention_three_byte (00 00 03 -> 00 00), H.264 7.4.1 / H.265 7.4.2.
 * Returns the input itself when there is nothing to remove.
 */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  let i = findEscape(nal, 0);
  if (i < 0) return nal;
  const out = new Uint8Array(nal.length);
  let o = 0;
  let from = 0;
  while (i >= 0) {
    out.set(nal.subarray(from, i + 2), o);
    o += i + 2 - from;
    from = i + 3;
    i = findEscape(nal, from);
  }
  out.set(nal.subarray(from), o);
  o += nal.length - from;
  return out.subarray(0, o);
}

function findEscape(b: Uint8Array, from: number): number {
  for (let i = from; i + 2 < b.length; i++) {
    if (b[i + 2] > 3) {
      i += 2;
      continue;
    }
    if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 3) return i;
  }
  return -1;
}
