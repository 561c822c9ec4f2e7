// A viewer of a live session that sends its frames on to another instance's media port: each frame as one PS
// packet (as GB/T 28181 devices send it) cut into RTP packets with the SSRC that instance offered, over UDP.
// It is a frame viewer like any other: it starts at a keyframe and, if its socket cannot keep up, misses frames
// until the next one, so nothing queues here.
import dgram from 'node:dgram';
import { decodeFrame } from '../../shared/media-frames';
import { PsMuxer, type PsVideoCodec } from '../media/ps-mux';
import { RtpPacketizer } from '../media/rtp-packetize';
import type { FrameSink } from '../live/frame-fanout';

export class RtpForwarder implements FrameSink {
  private muxer: PsMuxer | undefined;
  private codec: PsVideoCodec | undefined;
  private readonly rtp: RtpPacketizer;
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly dest: { ip: string; port: number },
    ssrc: number,
    private readonly onClose: (reason: string) => void,
  ) {
    this.rtp = new RtpPacketizer({ ssrc });
    socket.on('error', () => undefined);
  }

  /** A UDP socket bound on `bindIp` (any port), sending to `dest` with `ssrc`. */
  static async open(bindIp: string, dest: { ip: string; port: number }, ssrc: number, onClose: (reason: string) => void): Promise<RtpForwarder> {
    const socket = dgram.createSocket(dest.ip.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, bindIp || undefined, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RtpForwarder(socket, dest, ssrc, onClose);
  }

  get port(): number {
    return this.socket.address().port;
  }

  get bufferedAmount(): number {
    return this.closed ? 0 : this.socket.getSendQueueSize();
  }

  send(message: Uint8Array): void {
    if (this.closed) return;
    const r = decodeFrame(message);
    if (!r.ok) return;
    const f = r.frame;
    const codec = f.codec;
    if (codec !== 'h264' && codec !== 'h265') return;
    if (this.codec !== codec) {
      this.codec = codec;
      this.muxer = new PsMuxer({ video: codec });
    }
    const ps = this.muxer!.video({ data: f.data, pts: f.pts, keyframe: f.keyframe });
    for (const pkt of this.rtp.packetize(ps, f.pts)) this.socket.send(pkt, this.dest.port, this.dest.ip);
  }

  /** The session ended (or this viewer was dropped): the socket closes and the other instance is told why. */
  close(_code: number, reason: string): void {
    if (this.stop()) this.onClose(reason);
  }

  /** Stops without telling anyone (the other instance asked). True the first time. */
  stop(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.socket.close();
    return true;
  }
}
