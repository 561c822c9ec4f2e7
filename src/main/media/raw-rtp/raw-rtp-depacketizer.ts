import { AccessUnitAssembler } from '../annexb/access-unit-assembler';
import type { MediaFrame } from '../frame/types';
import { h264Rules } from '../h264/rules';
import { h265Rules } from '../h265/rules';
import type { RtpPacket } from '../rtp/rtp-header';
import { type NalSink, type UnpackState, unpackH264, unpackH265 } from './nal-unpack';

export interface RawRtpDepacketizerOptions {
  codec: 'h264' | 'h265';
  onFrame: (frame: MediaFrame) => void;
  /** Drop frames until a keyframe at the start and after loss; default true. */
  waitForKeyframe?: boolean;
  maxFrameBytes?: number;
}

export interface RawRtpStats {
  frames: number;
  keyframes: number;
  framesSkipped: number;
  /** Payloads that could not be used (fragment without its start, malformed aggregate, unsupported type). */
  brokenPayloads: number;
  discontinuities: number;
}

const START_CODE = Uint8Array.of(0, 0, 0, 1);

/**
 * H.264 (RFC 6184, GB PT 98) and H.265 (RFC 7798, GB/T 28181-2022 PT 100) over RTP to access units. A new RTP
 * timestamp or the marker bit ends an access unit; fragments are streamed into the assembler without a copy
 * of their own.
 */
export class RawRtpDepacketizer {
  readonly codec: 'h264' | 'h265';
  readonly stats: RawRtpStats = { frames: 0, keyframes: 0, framesSkipped: 0, brokenPayloads: 0, discontinuities: 0 };
  private readonly asm: AccessUnitAssembler;
  private readonly unpack: typeof unpackH264;
  private readonly state: UnpackState = { inFragment: false };
  private readonly sink: NalSink;
  private readonly onFrame: (frame: MediaFrame) => void;
  private readonly waitForKeyframe: boolean;
  private needKeyframe: boolean;
  private lastTs = -1;
  private tsHigh = 0;
  private broken = false;

  constructor(options: RawRtpDepacketizerOptions) {
    this.codec = options.codec;
    this.onFrame = options.onFrame;
    this.waitForKeyframe = options.waitForKeyframe ?? true;
    this.needKeyframe = this.waitForKeyframe;
    this.unpack = options.codec === 'h264' ? unpackH264 : unpackH265;
    this.asm = new AccessUnitAssembler(
      options.codec === 'h264' ? h264Rules : h265Rules,
      (au) => {
        if (this.needKeyframe && !au.keyframe) {
          this.stats.framesSkipped++;
          return;
        }
        this.needKeyframe = false;
        this.stats.frames++;
        if (au.keyframe) this.stats.keyframes++;
        this.onFrame({
          kind: 'video',
          codec: this.codec,
          data: au.data,
          pts: au.pts,
          dts: au.dts,
          keyframe: au.keyframe,
          width: au.info?.width,
          height: au.info?.height,
          profile: au.info?.profile,
          codecString: au.info?.codecString,
        });
      },
      { maxAccessUnitBytes: options.maxFrameBytes },
    );
    this.sink = {
      start: (header) => {
        this.asm.push(START_CODE);
        this.asm.push(header);
      },
      more: (bytes) => this.asm.push(bytes),
      broken: () => {
        this.stats.brokenPayloads++;
        this.broken = true;
      },
    };
  }

  /** The next packet in sequence order. Never throws. */
  push(p: RtpPacket): void {
    try {
      if (p.timestamp !== this.lastTs) {
        this.asm.flush();
        if (this.lastTs >= 0 && p.timestamp < this.lastTs && this.lastTs - p.timestamp > 0x80000000) this.tsHigh += 4294967296;
        this.lastTs = p.timestamp;
        const ts = this.tsHigh + p.timestamp;
        this.asm.setTimestamp(ts, ts);
      }
      this.broken = false;
      this.unpack(p.payload, this.sink, this.state);
      if (this.broken) this.discontinuity();
      else if (p.marker) this.asm.flush();
    } catch {
      this.stats.brokenPayloads++;
      this.discontinuity();
    }
  }

  /** Packets were lost: drop the partial access unit and wait for a keyframe. */
  discontinuity(): void {
    this.stats.discontinuities++;
    this.asm.reset();
    this.state.inFragment = false;
    this.lastTs = -1;
    if (this.waitForKeyframe) this.needKeyframe = true;
  }

  flush(): void {
    this.asm.flush();
  }
}
