// A viewer of a live session that sends its frames on to another instance's media port: each frame as one PS
// packet (as GB/T 28181 devices send it) cut into RTP packets with the SSRC that instance offered, over the
// transport of that instance's session (media-links.ts). It is a frame viewer like any other: it starts at a
// keyframe and, if its link cannot keep up, misses frames until the next one, so nothing queues here.
import type { MediaTransport } from '../../shared/types/devices';
import { decodeFrame } from '../../shared/media-frames';
import { PsMuxer, type PsVideoCodec } from '../media/ps-mux';
import { RtpPacketizer } from '../media/rtp-packetize';
import type { FrameSink } from '../live/frame-fanout';
import { connectTcpLink, listenTcpLink, openUdpLink, type Destination, type MediaLink } from './media-links';

export interface ForwardTo {
  /** Local address to send from (or listen on); '' for any. */
  bindIp: string;
  /** The viewer's session transport. */
  transport: MediaTransport;
  /** The viewer's offered media address (unused when it connects to us: tcp-active). */
  dest: Destination;
  ssrc: number;
  /** TCP: connecting, or waiting for the viewer to connect. */
  connectTimeoutMs: number;
}

export class RtpForwarder implements FrameSink {
  private muxer: PsMuxer | undefined;
  private codec: PsVideoCodec | undefined;
  private readonly rtp: RtpPacketizer;
  private closed = false;

  private constructor(
    private readonly link: MediaLink,
    ssrc: number,
    private readonly onClose: (reason: string) => void,
  ) {
    this.rtp = new RtpPacketizer({ ssrc });
    link.onLost((reason) => this.close(0, reason));
    link.ready.catch((err: Error) => this.close(0, err.message));
  }

  static async open(to: ForwardTo, onClose: (reason: string) => void): Promise<RtpForwarder> {
    const link =
      to.transport === 'tcp-passive'
        ? await connectTcpLink(to.bindIp, to.dest, to.connectTimeoutMs)
        : to.transport === 'tcp-active'
          ? await listenTcpLink(to.bindIp, to.connectTimeoutMs)
          : await openUdpLink(to.bindIp, to.dest);
    return new RtpForwarder(link, to.ssrc, onClose);
  }

  /** For the answer: the port the frames come from, or (tcp-active) the port the viewer connects to. */
  get port(): number {
    return this.link.port;
  }

  /** Resolves once frames can go (tcp-active: the viewer connected). */
  get ready(): Promise<void> {
    return this.link.ready;
  }

  get bufferedAmount(): number {
    return this.closed ? 0 : this.link.bufferedAmount;
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
    this.link.send(this.rtp.packetize(ps, f.pts));
  }

  /** The session ended, this viewer was dropped or the link was lost: the link closes and the owner is told why. */
  close(_code: number, reason: string): void {
    if (this.stop()) this.onClose(reason);
  }

  /** Stops without telling anyone (the other instance asked). True the first time. */
  stop(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.link.close();
    return true;
  }
}
