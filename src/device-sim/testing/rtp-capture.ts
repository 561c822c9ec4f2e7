// Receives a simulated device's RTP in tests: on a UDP socket, on a TCP port we listen on (the device connects),
// or over a TCP connection we open to the device. TCP is read strictly as RFC 4571 (2-byte length + packet).
import dgram from 'node:dgram';
import net from 'node:net';
import { parseRtp, type RtpPacket } from '../../main/media/rtp/rtp-header';
import { Emitter } from '../device/emitter';

export class RtpCapture {
  readonly packets: RtpPacket[] = [];
  /** Bytes that were not a well-formed RFC 4571 frame holding an RTP packet. */
  badFrames = 0;
  readonly events = new Emitter<{ packet: RtpPacket }>();
  private closers: Array<() => void> = [];
  private frameTimestamps = new Set<number>();
  port = 0;

  private add(buf: Buffer): void {
    const p = parseRtp(Buffer.from(buf));
    if (!p) {
      this.badFrames++;
      return;
    }
    this.packets.push(p);
    this.frameTimestamps.add(p.timestamp);
    this.events.emit('packet', p);
  }

  /** Distinct RTP timestamps seen (one per frame). */
  get frames(): number {
    return this.frameTimestamps.size;
  }

  static async udp(): Promise<RtpCapture> {
    const c = new RtpCapture();
    const s = dgram.createSocket('udp4');
    s.on('message', (m) => c.add(m));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    c.port = s.address().port;
    c.closers.push(() => s.close());
    return c;
  }

  /** We listen; the device connects (the platform's "passive" role). */
  static async tcpListen(): Promise<RtpCapture> {
    const c = new RtpCapture();
    const server = net.createServer((sock) => c.readStream(sock));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    c.port = (server.address() as net.AddressInfo).port;
    c.closers.push(() => server.close());
    return c;
  }

  /** We connect to the device's listening port (the platform's "active" role). */
  static async tcpConnect(ip: string, port: number): Promise<RtpCapture> {
    const c = new RtpCapture();
    const sock = net.connect({ host: ip, port });
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    c.readStream(sock);
    return c;
  }

  private readStream(sock: net.Socket): void {
    let pending = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        this.add(pending.subarray(2, 2 + len));
        pending = pending.subarray(2 + len);
      }
    });
    sock.on('error', () => {});
    this.closers.push(() => sock.destroy());
  }

  /** Resolves once `n` frames (distinct timestamps) have arrived. */
  waitFrames(n: number, timeoutMs: number): Promise<void> {
    if (this.frames >= n) return Promise.resolve();
    return this.events.next('packet', timeoutMs, () => this.frames >= n).then(() => undefined);
  }

  /** The PS stream: payloads of the packets in sequence order, RTP headers stripped. */
  payload(): Buffer {
    const sorted = [...this.packets];
    if (sorted.length > 1) {
      const first = sorted[0].sequenceNumber;
      sorted.sort((a, b) => ((a.sequenceNumber - first) & 0xffff) - ((b.sequenceNumber - first) & 0xffff));
    }
    return Buffer.concat(sorted.map((p) => p.payload));
  }

  close(): void {
    for (const c of this.closers) c();
    this.closers = [];
  }
}
