/** Frames several packets into one buffer, ready for a single socket write. */
export function frameRfc4571All(packets: readonly Uint8Array[]): Buffer {
  let len = 0;
  for (const p of packets) {
    if (p.length > 0xffff) throw new RangeError(`RTP packet of ${p.length} bytes cannot be framed (max 65535)`);
    len += 2 + p.length;
  }
  const out = Buffer.allocUnsafe(len);
  let o = 0;
  for (const p of packets) {
    out.writeUInt16BE(p.length, o);
    out.set(p, o + 2);
    o += 2 + p.length;
  }
  return out;
}
