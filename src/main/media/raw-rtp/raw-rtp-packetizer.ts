import { forEachNalUnit } from '../annexb/nal-split';
import { RtpPacketizer, type RtpPacketizerOptions } from '../rtp-packetize/rtp-packetizer';

export interface RawRtpPacketizerOptions extends RtpPacketizerOptions {
  codec: 'h264' | 'h265';
}

/**
 * Access units (Annex B) to RTP as RFC 6184 / RFC 7798 (non-interleaved mode): small NAL units in a row are
 * aggregated (STAP-A / AP), large ones fragmented (FU-A / FU), the rest sent as single NAL unit packets.
 * Used by the device simulator and the tests.
 */
export class RawRtpPacketizer {
  private readonly rtp: RtpPacketizer;
  private readonly hdr: number;
  private readonly max: number;

  constructor(private readonly options: RawRtpPacketizerOptions) {
    this.rtp = new RtpPacketizer({ payloadType: options.codec === 'h264' ? 98 : 100, ...options });
    this.hdr = options.codec === 'h264' ? 1 : 2;
    this.max = this.rtp.maxPayload;
  }

  packetize(accessUnit: Buffer, timestamp: number): Buffer[] {
    const nals: Buffer[] = [];
    forEachNalUnit(accessUnit, (s, e) => nals.push(accessUnit.subarray(s, e)));
    const payloads: Buffer[] = [];
    let group: Buffer[] = [];
    let groupSize = this.hdr;
    const closeGroup = () => {
      if (group.length === 1) payloads.push(group[0]);
      else if (group.length > 1) payloads.push(this.aggregate(group));
      group = [];
      groupSize = this.hdr;
    };
    for (const nal of nals) {
      if (nal.length > this.max) {
        closeGroup();
        payloads.push(...this.fragment(nal));
      } else if (groupSize + 2 + nal.length <= this.max) {
        group.push(nal);
        groupSize += 2 + nal.length;
      } else {
        closeGroup();
        group.push(nal);
        groupSize += 2 + nal.length;
      }
    }
    closeGroup();
    return payloads.flatMap((p, i) => this.rtp.packetize(p, timestamp, i === payloads.length - 1));
  }

  private aggregate(nals: Buffer[]): Buffer {
    const header =
      this.options.codec === 'h264'
        ? Buffer.from([(Math.max(...nals.map((n) => n[0] & 0x60)) & 0x60) | 24])
        : Buffer.from([48 << 1, Math.min(...nals.map((n) => n[1] & 0x07)) || 1]);
    const parts: Buffer[] = [header];
    for (const n of nals) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(n.length);
      parts.push(len, n);
    }
    return Buffer.concat(parts);
  }

  private fragment(nal: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const body = nal.subarray(this.hdr);
    const room = this.max - this.hdr - 1;
    for (let o = 0; o < body.length; o += room) {
      const first = o === 0;
      const last = o + room >= body.length;
      const piece = body.subarray(o, o + room);
      if (this.options.codec === 'h264') {
        const type = nal[0] & 0x1f;
        out.push(Buffer.concat([Buffer.from([(nal[0] & 0xe0) | 28, (first ? 0x80 : 0) | (last ? 0x40 : 0) | type]), piece]));
      } else {
        const type = (nal[0] >> 1) & 0x3f;
        out.push(Buffer.concat([Buffer.from([(nal[0] & 0x81) | (49 << 1), nal[1], (first ? 0x80 : 0) | (last ? 0x40 : 0) | type]), piece]));
      }
    }
    return out;
  }
}
