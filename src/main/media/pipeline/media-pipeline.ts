import { EventEmitter } from 'node:events';
import type { MediaCodec, MediaFrame } from '../frame/types';
import { PsDemuxer, type PsDemuxerStats } from '../ps-demux/ps-demuxer';
import { RawRtpDepacketizer } from '../raw-rtp/raw-rtp-depacketizer';
import type { ReorderBufferOptions } from '../rtp/reorder-buffer';
import type { RtpPacket } from '../rtp/rtp-header';
import type { RtpInput, SsrcMismatch } from '../rtp/rtp-input';
import { TcpRtpReceiver } from '../rtp/tcp-receiver';
import { UdpRtpReceiver } from '../rtp/udp-receiver';

/** Where the media comes in; the names follow the `live.start` transport option. */
export type MediaTransport =
  | { kind: 'udp'; port: number; host?: string }
  | { kind: 'tcp-passive'; port: number; host?: string }
  | { kind: 'tcp-active'; remoteHost: string; remotePort: number; localHost?: string; connectTimeoutMs?: number };

export type PayloadFormat = 'ps' | 'h264' | 'h265' | 'g711a' | 'g711u';

/** GB/T 28181 payload types: 96 PS, 98 H.264, 100 H.265 (2022), 8 PCMA, 0 PCMU. */
export const DEFAULT_PAYLOAD_TYPES: Readonly<Record<number, PayloadFormat>> = { 96: 'ps', 98: 'h264', 100: 'h265', 8: 'g711a', 0: 'g711u' };

const RAW_CONFIRM = 64;

export interface MediaPipelineOptions {
  transport: MediaTransport;
  /** The y= SSRC of our offer. */
  expectedSsrc?: number;
  /** Overrides / additions to DEFAULT_PAYLOAD_TYPES (e.g. from the answer's rtpmap lines). */
  payloadTypes?: Record<number, PayloadFormat>;
  onFrame: (frame: MediaFrame) => void;
  reorder?: ReorderBufferOptions;
  /** Skip video frames until a keyframe at the start and after loss; default true. */
  waitForKeyframe?: boolean;
}

export interface MediaPipelineStats {
  packets: number;
  bytes: number;
  frames: number;
  videoFrames: number;
  keyframes: number;
  audioFrames: number;
  lost: number;
  late: number;
  /** Packets that arrived ahead of a missing one and were put back in order. */
  reordered: number;
  jitterMs: number;
  ssrc?: number;
  /** "ip:port" the media comes from. */
  peer?: string;
  /** Payload format in use (the first one seen). */
  format?: PayloadFormat;
  codec?: MediaCodec;
  audioCodec?: MediaCodec;
  width?: number;
  height?: number;
  profile?: string;
  codecString?: string;
  /** performance.now() of start(), the first packet and the first frame delivered. */
  startedAt?: number;
  firstPacketAt?: number;
  firstFrameAt?: number;
  /** Packets with a payload type we do not handle. */
  unknownPayloadType: number;
  /** RTP payloads that were not RTP at all (bad version, truncated, TCP framing garbage). */
  invalid: number;
  demux?: PsDemuxerStats;
}

export interface MediaPipelineEvents {
  'first-packet': [{ peer: string; ssrc: number; payloadType: number }];
  'first-frame': [MediaFrame];
  'ssrc-mismatch': [SsrcMismatch];
  peer: [{ address: string; previous?: string }];
  connection: [{ remote: string }];
  disconnect: [{ remote: string; reason: string }];
  error: [Error];
}

/**
 * One live/playback session's media path: RTP receiver (UDP, TCP passive, TCP active) -> reorder -> PS demuxer or
 * raw RTP depacketizer (chosen by payload type, and by a look at the payload: PS always starts 00 00 01 BA..FF,
 * which an RFC 6184/7798 payload cannot) -> onFrame, with the counters the session list shows.
 */
export class MediaPipeline extends EventEmitter<MediaPipelineEvents> {
  readonly receiver: UdpRtpReceiver | TcpRtpReceiver;
  private readonly onFrame: (frame: MediaFrame) => void;
  private readonly payloadTypes: Record<number, PayloadFormat>;
  private readonly waitForKeyframe: boolean;
  private ps: PsDemuxer | undefined;
  private raw: RawRtpDepacketizer | undefined;
  private readonly formats = new Map<number, PayloadFormat>();
  private lastTs = -1;
  private frames = 0;
  private videoFrames = 0;
  private keyframes = 0;
  private audioFrames = 0;
  private unknownPayloadType = 0;
  private format: PayloadFormat | undefined;
  private last: MediaFrame | undefined;
  private audioCodec: MediaCodec | undefined;
  private startedAt: number | undefined;
  private firstFrameAt: number | undefined;
  private firstPacket = true;
  private closed = false;
  private rawChecks = 0;

  constructor(options: MediaPipelineOptions) {
    super();
    this.onFrame = options.onFrame;
    this.payloadTypes = { ...DEFAULT_PAYLOAD_TYPES, ...options.payloadTypes };
    this.waitForKeyframe = options.waitForKeyframe ?? true;
    const common = { expectedSsrc: options.expectedSsrc, ...options.reorder };
    const t = options.transport;
    this.receiver =
      t.kind === 'udp'
        ? new UdpRtpReceiver({ ...common, port: t.port, host: t.host })
        : t.kind === 'tcp-passive'
          ? new TcpRtpReceiver({ ...common, mode: 'passive', port: t.port, host: t.host })
          : new TcpRtpReceiver({ ...common, mode: 'active', remoteHost: t.remoteHost, remotePort: t.remotePort, localHost: t.localHost, connectTimeoutMs: t.connectTimeoutMs });
    this.wire(this.receiver);
  }

  /** Binds / listens / connects. Resolves with the local address and port (for the SDP offer). */
  async start(): Promise<{ address: string; port: number }> {
    this.startedAt = performance.now();
    return this.receiver.start();
  }

  /** Stops receiving and releases the socket; pending complete frames are delivered first. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.receiver.close();
    this.closed = true;
    this.ps?.flush();
    this.raw?.flush();
  }

  stats(): MediaPipelineStats {
    const r = this.receiver.stats();
    return {
      packets: r.packets,
      bytes: r.bytes,
      frames: this.frames,
      videoFrames: this.videoFrames,
      keyframes: this.keyframes,
      audioFrames: this.audioFrames,
      lost: r.lost,
      late: r.late,
      reordered: r.reordered,
      jitterMs: r.jitterMs,
      ssrc: r.ssrc,
      peer: r.peer,
      format: this.format,
      codec: this.last?.codec,
      audioCodec: this.audioCodec,
      width: this.last?.width,
      height: this.last?.height,
      profile: this.last?.profile,
      codecString: this.last?.codecString,
      startedAt: this.startedAt,
      firstPacketAt: r.firstPacketAt,
      firstFrameAt: this.firstFrameAt,
      unknownPayloadType: this.unknownPayloadType,
      invalid: r.invalid,
      demux: this.ps ? { ...this.ps.stats } : undefined,
    };
  }

  private wire(rx: RtpInput): void {
    rx.on('packet', (p) => this.onPacket(p));
    rx.on('loss', () => {
      this.ps?.discontinuity();
      this.raw?.discontinuity();
      this.lastTs = -1;
    });
    rx.on('ssrc-mismatch', (m) => this.emit('ssrc-mismatch', m));
    rx.on('peer', (p) => this.emit('peer', p));
    rx.on('connection', (c) => this.emit('connection', c));
    rx.on('disconnect', (d) => {
      // A new connection starts a fresh byte stream: whatever was partial is gone.
      this.ps?.discontinuity();
      this.raw?.discontinuity();
      this.emit('disconnect', d);
    });
    rx.on('error', (e) => this.reportError(e));
  }

  private onPacket(p: RtpPacket): void {
    if (this.firstPacket) {
      this.firstPacket = false;
      this.emit('first-packet', { peer: this.receiver.stats().peer ?? '?', ssrc: p.ssrc, payloadType: p.payloadType });
    }
    const format = this.formatOf(p);
    if (!format) {
      this.unknownPayloadType++;
      return;
    }
    this.format ??= format;
    if (format === 'ps') {
      const ps = (this.ps ??= new PsDemuxer({ onFrame: (f) => this.deliver(f), waitForKeyframe: this.waitForKeyframe }));
      if (p.timestamp !== this.lastTs && this.lastTs >= 0) ps.endOfFrame();
      this.lastTs = p.timestamp;
      ps.push(p.payload);
      if (p.marker) ps.endOfFrame();
    } else if (format === 'h264' || format === 'h265') {
      if (!this.raw || this.raw.codec !== format) {
        this.raw = new RawRtpDepacketizer({ codec: format, onFrame: (f) => this.deliver(f), waitForKeyframe: this.waitForKeyframe });
      }
      this.raw.push(p);
    } else {
      this.deliver({ kind: 'audio', codec: format, data: p.payload, pts: p.timestamp, dts: p.timestamp, keyframe: true });
    }
  }

  /**
   * Format of a payload type. PS is recognised by its first bytes (00 00 01 BA..FF, impossible for RFC 6184/7798
   * payloads): devices that announce 98 H264 but send PS are common. A raw mapping is trusted only after
   * RAW_CONFIRM packets without a PS start, since a session may begin in the middle of a PS frame.
   */
  private formatOf(p: RtpPacket): PayloadFormat | undefined {
    const known = this.formats.get(p.payloadType);
    if (known) return known;
    const b = p.payload;
    const mapped = this.payloadTypes[p.payloadType];
    if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] >= 0xb9) {
      this.formats.set(p.payloadType, 'ps');
      return 'ps';
    }
    if (mapped === 'ps' || (mapped && ++this.rawChecks >= RAW_CONFIRM)) this.formats.set(p.payloadType, mapped);
    return mapped;
  }

  private deliver(frame: MediaFrame): void {
    this.frames++;
    if (frame.kind === 'video') {
      this.videoFrames++;
      if (frame.keyframe) this.keyframes++;
      this.last = frame;
    } else {
      this.audioFrames++;
      this.audioCodec = frame.codec;
    }
    const first = this.firstFrameAt === undefined && frame.kind === 'video';
    if (first) this.firstFrameAt = performance.now();
    try {
      this.onFrame(frame);
      if (first) this.emit('first-frame', frame);
    } catch (err) {
      this.reportError(err);
    }
  }

  private reportError(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    if (this.listenerCount('error') > 0) this.emit('error', e);
    else process.emitWarning(e.message, 'MediaPipelineWarning');
  }
}
