export interface RtpPacketizerOptions {
  ssrc: number;
  /** Default 96 (PS in GB/T 28181). */
  payloadType?: number;
  /** First sequence number; default random. */
  sequenceNumber?: number;
  /** Largest RTP payload; default 1400 bytes. */
  maxPayload?: number;
}

const HEADER = 12;

/**
 * Cuts frames (a PS packet, or any payload) into RTP packets (RFC 3550 5.1): all packets of a frame share its
 * timestamp, the marker is set on the frame's last packet, sequence numbers wrap at 65536.
 */
export class RtpPacketizer {
  readonly ssrc: number;
  readonly payloadType: number;
  readonly maxPayload: number;
  private seq: number;

  constructor(options: RtpPacketizerOptions) {
    this.ssrc = options.ssrc >>> 0;
    this.payloadType = options.payloadType ?? 96;
    this.maxPayload = options.maxPayload ?? 1400;
    this.seq = (options.sequenceNumber ?? Math.floor(Math.random() * 65536)) & 0xffff;
    if (this.payloadType < 0 || this.payloadType > 127) throw new RangeError(`RTP payload type ${this.payloadType} is not 0-127`);
    if (this.maxPayload < 1) throw new RangeError('maxPayload must be positive');
  }

  /** The sequence number the next packet will carry. */
  get nextSequenceNumber(): number {
    return this.seq;
  }

  /** RTP packets of one frame; `timestamp` is taken modulo 2^32 (90 kHz for PT 96). */
  packetize(payload: Uint8Array, timestamp: number, marker = true): Buffer[] {
    const count = Math.max(1, Math.ceil(payload.length / this.maxPayload));
    const ts = timestamp % 4294967296 >>> 0;
    const out: Buffer[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const from = i * this.maxPayload;
      const to = Math.min(payload.length, from + this.maxPayload);
      const pkt = Buffer.allocUnsafe(HEADER + to - from);
      pkt[0] = 0x80;
      pkt[1] = (marker && i === count - 1 ? 0x80 : 0) | this.payloadType;
      pkt.writeUInt16BE(this.seq, 2);
      pkt.writeUInt32BE(ts, 4);
      pkt.writeUInt32BE(this.ssrc, 8);
      pkt.set(payload.subarray(from, to), HEADER);
      this.seq = (this.seq + 1) & 0xffff;
      out[i] = pkt;
    }
    return out;
  }
}
