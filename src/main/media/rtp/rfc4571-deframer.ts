export interface DeframerStats {
  packets: number;
  /** Packets that came with an RTSP-style "$" header instead of RFC 4571 framing. */
  interleaved: number;
  /** Bytes skipped while looking for the next frame after a bad header. */
  skippedBytes: number;
  resyncs: number;
  /** RTCP packets on odd "$" channels, dropped. */
  rtcp: number;
}

/** Bytes needed to recognise a frame header: "$", channel, length (4) + the RTP version byte, or length (2) + it. */
const PROBE = 5;
const MAX_FRAME = 4 + 0xffff;

/**
 * Splits a TCP byte stream into RTP packets: RFC 4571 (16-bit big-endian length, then the packet), and also the
 * RTSP interleaved form (RFC 2326 10.12: "$", channel, 16-bit length) that some devices send. Chunks may split
 * anywhere. A header that does not lead to an RTP version 2 packet is skipped byte by byte until one does
 * (while resynchronising, the packet must also carry the SSRC seen before).
 * Packets inside one chunk are views of it (no copy); a packet spread over chunks is copied once.
 */
export class Rfc4571Deframer {
  readonly stats: DeframerStats = { packets: 0, interleaved: 0, skippedBytes: 0, resyncs: 0, rtcp: 0 };
  private readonly stash = Buffer.allocUnsafe(MAX_FRAME);
  private stashLen = 0;
  private dollarMode = false;
  private resyncing = false;
  /** SSRC of the stream, used to check resynchronisation; a new one is adopted after 3 packets in a row. */
  private ssrc = -1;
  private newSsrc = -1;
  private newSsrcRun = 0;

  constructor(private readonly onPacket: (packet: Buffer) => void) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (this.stashLen > 0) {
      if (this.stashLen < PROBE) {
        pos += this.fill(chunk, pos, PROBE);
        if (this.stashLen < PROBE) return;
      }
      const h = this.header(this.stash, 0, this.stashLen);
      if (h === 0) {
        this.skip(1);
        this.stash.copy(this.stash, 0, 1, this.stashLen);
        this.stashLen--;
        continue;
      }
      const total = frameTotal(this.stash, 0, h);
      pos += this.fill(chunk, pos, total);
      if (this.stashLen < total) return;
      this.stashLen = 0;
      if (h === 4 && this.stash[1] & 1) this.skipRtcp();
      else this.emitPacket(Buffer.from(this.stash.subarray(h, total)), h);
    }
    while (chunk.length - pos >= PROBE) {
      const h = this.header(chunk, pos, chunk.length - pos);
      if (h === 0) {
        this.skip(1);
        pos++;
        continue;
      }
      const total = frameTotal(chunk, pos, h);
      if (pos + total > chunk.length) break;
      if (h === 4 && chunk[pos + 1] & 1) this.skipRtcp();
      else this.emitPacket(chunk.subarray(pos + h, pos + total), h);
      pos += total;
    }
    if (pos < chunk.length) {
      chunk.copy(this.stash, 0, pos);
      this.stashLen = chunk.length - pos;
    }
  }

  /** Drop partial data (connection closed or replaced). */
  reset(): void {
    this.stashLen = 0;
    this.resyncing = false;
  }

  private fill(chunk: Buffer, pos: number, want: number): number {
    const n = Math.min(want - this.stashLen, chunk.length - pos);
    if (n <= 0) return 0;
    chunk.copy(this.stash, this.stashLen, pos, pos + n);
    this.stashLen += n;
    return n;
  }

  /**
   * Classifies the header at `at`: 0 = not a frame start, 2 = RFC 4571, 4 = "$" interleaved.
   * The "$" form wins when the RFC 4571 reading would not start an RTP packet, or when the stream already used it.
   */
  private header(b: Buffer, at: number, avail: number): 0 | 2 | 4 {
    const rtpAfter2 = b[at + 2] >> 6 === 2 && b.readUInt16BE(at) >= 12;
    const rtpAfter4 = b[at] === 0x24 && b[at + 4] >> 6 === 2 && b.readUInt16BE(at + 2) >= 12;
    let kind: 0 | 2 | 4 = 0;
    if (rtpAfter4 && (this.dollarMode || !rtpAfter2)) kind = 4;
    else if (rtpAfter2) kind = 2;
    if (kind !== 0 && this.resyncing && this.ssrc >= 0) {
      const s = at + kind + 8;
      if (avail >= kind + 12 && b.readUInt32BE(s) !== this.ssrc) kind = 0;
    }
    return kind;
  }

  private skip(n: number): void {
    if (!this.resyncing) {
      this.resyncing = true;
      this.stats.resyncs++;
    }
    this.stats.skippedBytes += n;
  }

  /** Odd "$" channels carry RTCP (RFC 2326 10.12); not needed here. */
  private skipRtcp(): void {
    this.resyncing = false;
    this.dollarMode = true;
    this.stats.rtcp++;
  }

  private emitPacket(packet: Buffer, kind: 2 | 4): void {
    this.resyncing = false;
    this.dollarMode = kind === 4;
    if (kind === 4) this.stats.interleaved++;
    const ssrc = packet.readUInt32BE(8);
    if (ssrc === this.ssrc || this.ssrc < 0) {
      this.ssrc = ssrc;
      this.newSsrcRun = 0;
    } else if (ssrc === this.newSsrc && ++this.newSsrcRun >= 3) {
      this.ssrc = ssrc;
    } else if (ssrc !== this.newSsrc) {
      this.newSsrc = ssrc;
      this.newSsrcRun = 1;
    }
    this.stats.packets++;
    this.onPacket(packet);
  }
}

function frameTotal(b: Buffer, at: number, kind: number): number {
  return kind === 4 ? 4 + b.readUInt16BE(at + 2) : 2 + b.readUInt16BE(at);
}
