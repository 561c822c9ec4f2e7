// Classic libpcap output (magic a1b2c3d4, LINKTYPE_RAW 101: each frame starts with an IPv4 or IPv6 header).
// Each logged message is wrapped in a synthetic IP + UDP datagram, or IP + TCP segments whose sequence numbers
// advance per flow and direction so Wireshark/tshark reassemble the stream and dissect it as SIP.

export interface PcapMessage {
  time: number;
  direction: 'in' | 'out';
  transport: 'UDP' | 'TCP';
  localAddr: string;
  peerAddr: string;
  raw: Buffer;
}

interface Endpoint {
  ip: Buffer;
  v6: boolean;
  port: number;
}

export const LINKTYPE_RAW = 101;
const SNAPLEN = 262_144;
/** Largest TCP payload per synthetic segment (keeps every frame a valid IP packet). */
const TCP_SEGMENT = 16_384;
const PROTO_TCP = 6;
const PROTO_UDP = 17;

export function pcapFileHeader(): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeInt32LE(0, 8);
  b.writeUInt32LE(0, 12);
  b.writeUInt32LE(SNAPLEN, 16);
  b.writeUInt32LE(LINKTYPE_RAW, 20);
  return b;
}

function ipv4Bytes(s: string): Buffer | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return null;
  return Buffer.from(parts.map(Number));
}

function ipv6Bytes(s: string): Buffer | null {
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  let text = s;
  if (mapped) {
    const v4 = ipv4Bytes(mapped[2]);
    if (!v4) return null;
    text = mapped[1] + v4.readUInt16BE(0).toString(16) + ':' + v4.readUInt16BE(2).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

/** "1.2.3.4:5060" or "[::1]:5060"; unparseable addresses become 0.0.0.0:0 so the message is still exported. */
export function parseEndpoint(addr: string): Endpoint {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(addr);
  if (v6) {
    const ip = ipv6Bytes(v6[1].replace(/%.*$/, ''));
    if (ip) return { ip, v6: true, port: Number(v6[2]) & 0xffff };
  }
  const v4 = /^([\d.]+):(\d+)$/.exec(addr);
  const ip = v4 ? ipv4Bytes(v4[1]) : null;
  if (ip) return { ip, v6: false, port: Number(v4![2]) & 0xffff };
  return { ip: Buffer.alloc(4), v6: false, port: 0 };
}

const V4_MAPPED_PREFIX = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);

/** A v4 endpoint paired with a v6 one cannot share an IP header: both are written as v6 (v4-mapped). */
function asV6(e: Endpoint): Endpoint {
  return e.v6 ? e : { ip: Buffer.concat([V4_MAPPED_PREFIX, e.ip]), v6: true, port: e.port };
}

/** One's-complement sum of 16-bit words (RFC 1071), folded. */
function sum16(bufs: Buffer[], initial = 0): number {
  let sum = initial;
  for (const b of bufs) {
    const even = b.length & ~1;
    for (let i = 0; i < even; i += 2) sum += (b[i] << 8) | b[i + 1];
    if (b.length & 1) sum += b[b.length - 1] << 8;
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  }
  return sum;
}

function checksum(bufs: Buffer[], initial = 0): number {
  return ~sum16(bufs, initial) & 0xffff;
}

function pseudoHeaderSum(src: Endpoint, dst: Endpoint, proto: number, length: number): number {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(length);
  return sum16([src.ip, dst.ip, len], proto);
}

export class PcapBuilder {
  /** Next sequence number per TCP flow direction ("src>dst"). */
  private readonly seq = new Map<string, number>();
  private ipId = 1;

  /** The pcap records (record header + frame) for one message. */
  records(m: PcapMessage): Buffer[] {
    let local = parseEndpoint(m.localAddr);
    let peer = parseEndpoint(m.peerAddr);
    if (local.v6 !== peer.v6) {
      local = asV6(local);
      peer = asV6(peer);
    }
    const [src, dst] = m.direction === 'in' ? [peer, local] : [local, peer];
    const frames =
      m.transport === 'TCP' ? this.tcpFrames(src, dst, m.raw) : [this.ipFrame(src, dst, PROTO_UDP, this.udp(src, dst, m.raw))];
    const sec = Math.floor(m.time / 1000);
    const usec = Math.floor(m.time - sec * 1000) * 1000;
    const out: Buffer[] = [];
    for (const frame of frames) {
      const rh = Buffer.alloc(16);
      rh.writeUInt32LE(sec >>> 0, 0);
      rh.writeUInt32LE(usec, 4);
      rh.writeUInt32LE(frame.length, 8);
      rh.writeUInt32LE(frame.length, 12);
      out.push(rh, frame);
    }
    return out;
  }

  private udp(src: Endpoint, dst: Endpoint, payload: Buffer): Buffer {
    const h = Buffer.alloc(8);
    const length = 8 + payload.length;
    h.writeUInt16BE(src.port, 0);
    h.writeUInt16BE(dst.port, 2);
    h.writeUInt16BE(length & 0xffff, 4);
    const sum = checksum([h, payload], pseudoHeaderSum(src, dst, PROTO_UDP, length));
    h.writeUInt16BE(sum === 0 ? 0xffff : sum, 6);
    return Buffer.concat([h, payload]);
  }

  private tcpFrames(src: Endpoint, dst: Endpoint, payload: Buffer): Buffer[] {
    const fwd = `${src.ip.toString('hex')}:${src.port}>${dst.ip.toString('hex')}:${dst.port}`;
    const rev = `${dst.ip.toString('hex')}:${dst.port}>${src.ip.toString('hex')}:${src.port}`;
    const frames: Buffer[] = [];
    for (let off = 0; off < payload.length || off === 0; off += TCP_SEGMENT) {
      const part = payload.subarray(off, Math.min(payload.length, off + TCP_SEGMENT));
      const seq = this.seq.get(fwd) ?? 1;
      const ack = this.seq.get(rev) ?? 1;
      const h = Buffer.alloc(20);
      h.writeUInt16BE(src.port, 0);
      h.writeUInt16BE(dst.port, 2);
      h.writeUInt32BE(seq >>> 0, 4);
      h.writeUInt32BE(ack >>> 0, 8);
      h[12] = 5 << 4;
      h[13] = 0x18; // PSH, ACK
      h.writeUInt16BE(0xffff, 14);
      h.writeUInt16BE(checksum([h, part], pseudoHeaderSum(src, dst, PROTO_TCP, 20 + part.length)), 16);
      this.seq.set(fwd, (seq + part.length) % 0x1_0000_0000);
      frames.push(this.ipFrame(src, dst, PROTO_TCP, Buffer.concat([h, part])));
      if (part.length === 0) break;
    }
    return frames;
  }

  private ipFrame(src: Endpoint, dst: Endpoint, proto: number, l4: Buffer): Buffer {
    if (src.v6) {
      const h = Buffer.alloc(40);
      h.writeUInt32BE(0x6000_0000, 0);
      h.writeUInt16BE(l4.length & 0xffff, 4);
      h[6] = proto;
      h[7] = 64;
      src.ip.copy(h, 8);
      dst.ip.copy(h, 24);
      return Buffer.concat([h, l4]);
    }
    const h = Buffer.alloc(20);
    h[0] = 0x45;
    h.writeUInt16BE((20 + l4.length) & 0xffff, 2);
    h.writeUInt16BE(this.ipId, 4);
    this.ipId = (this.ipId + 1) & 0xffff;
    h.writeUInt16BE(0x4000, 6); // don't fragment
    h[8] = 64;
    h[9] = proto;
    src.ip.copy(h, 12);
    dst.ip.copy(h, 16);
    h.writeUInt16BE(checksum([h]), 10);
    return Buffer.concat([h, l4]);
  }
}
