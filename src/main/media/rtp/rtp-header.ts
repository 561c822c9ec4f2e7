/** A parsed RTP packet; `payload` is a view into the received buffer (no copy). */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcCount: number;
  padding: boolean;
  extension: boolean;
  payload: Buffer;
}

export const RTP_HEADER_SIZE = 12;

/**
 * Parses an RTP packet (RFC 3550 5.1): fixed header, CSRC list, header extension (5.3.1) and padding are
 * skipped to find the payload. Returns undefined when it is not a well-formed version 2 packet.
 */
export function parseRtp(buf: Buffer): RtpPacket | undefined {
  if (buf.length < RTP_HEADER_SIZE) return undefined;
  const b0 = buf[0];
  if (b0 >> 6 !== 2) return undefined;
  const csrcCount = b0 & 0x0f;
  let start = RTP_HEADER_SIZE + 4 * csrcCount;
  const extension = (b0 & 0x10) !== 0;
  if (extension) {
    if (buf.length < start + 4) return undefined;
    start += 4 + 4 * buf.readUInt16BE(start + 2);
  }
  let end = buf.length;
  const padding = (b0 & 0x20) !== 0;
  if (padding) end -= buf[end - 1];
  if (end < start) return undefined;
  const b1 = buf[1];
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    csrcCount,
    padding,
    extension,
    payload: buf.subarray(start, end),
  };
}

/** Signed distance from sequence number a to b on the 16-bit circle, in [-32768, 32767]. */
export function seqDiff(a: number, b: number): number {
  return (((b - a) & 0xffff) ^ 0x8000) - 0x8000;
}
