import { type AccessUnit, AccessUnitAssembler } from '../annexb/access-unit-assembler';
import type { AnnexBRules } from '../annexb/codec-rules';
import type { MediaCodec, MediaFrame } from '../frame/types';
import { h264Rules } from '../h264/rules';
import { h265Rules } from '../h265/rules';
import { probeVideoCodec } from './stream-probe';

/** One elementary stream inside the program stream, fed with PES payload bytes. */
export interface EsStream {
  readonly streamId: number;
  readonly codec: MediaCodec | undefined;
  /** A PES with this PTS/DTS begins. */
  timestamp(pts: number, dts: number): void;
  data(chunk: Uint8Array): void;
  /** The current PES packet is complete. */
  pesEnd(): void;
  /** The transport says a frame ended. */
  endOfFrame(): void;
  /** Drop partial data (after loss). */
  reset(): void;
  /** A PSM (or the codec hint from the stream type) for this stream. */
  setStreamTypeCodec(codec: MediaCodec | undefined): void;
}

export type FrameSink = (frame: MediaFrame) => void;

const PROBE_LIMIT = 256 * 1024;

/**
 * A video stream. H.264/H.265 go through the access unit assembler (frames found from the NAL units, so PES
 * boundaries do not matter). Until the codec is known (no PSM, nothing conclusive yet) bytes are buffered and
 * probed. Other codecs (MPEG-4, SVAC) are framed by PES timestamp.
 */
export class VideoEsStream implements EsStream {
  codec: MediaCodec | undefined;
  /** What the PSM said, when it disagrees with the payload. */
  streamTypeMismatch: MediaCodec | undefined;
  private psmCodec: MediaCodec | undefined;
  private asm: AccessUnitAssembler | undefined;
  private generic: PesFramer | undefined;
  private probe: Buffer[] = [];
  private probeBytes = 0;
  private probeTs: { at: number; pts: number; dts: number }[] = [];
  /** A PSM or system header came just before the current data: GB devices send them only with keyframes. */
  keyframeHint = false;

  constructor(
    readonly streamId: number,
    private readonly sink: FrameSink,
    private readonly maxFrameBytes: number,
  ) {}

  setStreamTypeCodec(codec: MediaCodec | undefined): void {
    if (codec === this.psmCodec) return;
    this.psmCodec = codec;
    if (this.codec === undefined && codec && codec !== 'h264' && codec !== 'h265') this.choose(codec);
  }

  timestamp(pts: number, dts: number): void {
    if (this.asm) this.asm.setTimestamp(pts, dts);
    else if (this.generic) this.generic.timestamp(pts, dts);
    else this.probeTs.push({ at: this.probeBytes, pts, dts });
  }

  data(chunk: Uint8Array): void {
    if (this.asm) return this.asm.push(chunk);
    if (this.generic) return this.generic.data(chunk);
    this.probe.push(Buffer.from(chunk));
    this.probeBytes += chunk.length;
    const all = Buffer.concat(this.probe);
    this.probe = [all];
    const found = probeVideoCodec(all);
    if (found) {
      if (this.psmCodec && this.psmCodec !== found) this.streamTypeMismatch = this.psmCodec;
      this.choose(found);
    } else if (this.probeBytes > PROBE_LIMIT) {
      if (this.psmCodec) this.choose(this.psmCodec);
      else this.dropProbe();
    }
  }

  pesEnd(): void {
    this.generic?.pesEnd();
  }

  endOfFrame(): void {
    if (this.asm) this.asm.flush();
    else this.generic?.flush();
  }

  reset(): void {
    this.asm?.reset();
    this.generic?.reset();
    this.dropProbe();
  }

  get info() {
    return this.asm?.info;
  }

  private dropProbe(): void {
    this.probe = [];
    this.probeBytes = 0;
    this.probeTs = [];
  }

  private choose(codec: MediaCodec): void {
    this.codec = codec;
    if (codec === 'h264' || codec === 'h265') {
      const rules: AnnexBRules = codec === 'h264' ? h264Rules : h265Rules;
      this.asm = new AccessUnitAssembler(rules, (au) => this.emitAu(au), { maxAccessUnitBytes: this.maxFrameBytes });
    } else {
      this.generic = new PesFramer(codec, (f) => this.sink(f), () => this.takeKeyframeHint());
    }
    const data = Buffer.concat(this.probe);
    const ts = this.probeTs;
    this.dropProbe();
    let from = 0;
    for (const t of ts) {
      this.data(data.subarray(from, t.at));
      this.timestamp(t.pts, t.dts);
      from = t.at;
    }
    this.data(data.subarray(from));
  }

  private takeKeyframeHint(): boolean {
    const k = this.keyframeHint;
    this.keyframeHint = false;
    return k;
  }

  private emitAu(au: AccessUnit): void {
    this.keyframeHint = false;
    this.sink({
      kind: 'video',
      codec: this.codec!,
      data: au.data,
      pts: au.pts,
      dts: au.dts,
      keyframe: au.keyframe,
      width: au.info?.width,
      height: au.info?.height,
      profile: au.info?.profile,
      codecString: au.info?.codecString,
    });
  }
}

/** An audio stream: one frame per PES packet. Without a PSM, AAC is recognised by its ADTS sync word, else G.711A. */
export class AudioEsStream implements EsStream {
  codec: MediaCodec | undefined;
  private psmCodec: MediaCodec | undefined;
  private readonly framer: PesFramer;

  constructor(
    readonly streamId: number,
    sink: FrameSink,
  ) {
    this.framer = new PesFramer(undefined, sink, () => true, true);
  }

  setStreamTypeCodec(codec: MediaCodec | undefined): void {
    this.psmCodec = codec;
    if (codec) {
      this.codec = codec;
      this.framer.codec = codec;
    }
  }

  timestamp(pts: number, dts: number): void {
    this.framer.timestamp(pts, dts);
  }

  data(chunk: Uint8Array): void {
    if (!this.codec && chunk.length >= 2) {
      this.codec = chunk[0] === 0xff && (chunk[1] & 0xf6) === 0xf0 ? 'aac' : 'g711a';
      this.framer.codec = this.codec;
    }
    this.framer.data(chunk);
  }

  pesEnd(): void {
    this.framer.pesEnd();
  }

  endOfFrame(): void {}

  reset(): void {
    this.framer.reset();
    if (!this.psmCodec) this.codec = undefined;
  }
}

/** Frames = PES payloads grouped by timestamp (a new PTS closes the frame); for codecs without NAL parsing. */
class PesFramer {
  private parts: Buffer[] = [];
  private bytes = 0;
  private pts = -1;
  private dts = -1;
  private nextPts = -1;
  private nextDts = -1;
  private key = false;

  constructor(
    public codec: MediaCodec | undefined,
    private readonly sink: FrameSink,
    private readonly keyframe: () => boolean,
    private readonly onePerPes = false,
  ) {}

  timestamp(pts: number, dts: number): void {
    if (this.bytes > 0 && pts !== this.pts) this.flush();
    this.nextPts = pts;
    this.nextDts = dts;
  }

  data(chunk: Uint8Array): void {
    if (this.bytes === 0) {
      this.pts = this.nextPts;
      this.dts = this.nextDts;
      this.key = this.keyframe();
    }
    this.parts.push(Buffer.from(chunk));
    this.bytes += chunk.length;
  }

  pesEnd(): void {
    if (this.onePerPes) this.flush();
  }

  flush(): void {
    if (this.bytes === 0 || !this.codec) return this.reset();
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.bytes);
    const audio = this.onePerPes;
    const key = audio || (this.codec === 'mpeg4' ? isMpeg4KeyVop(data) : this.key);
    this.reset();
    this.sink({ kind: audio ? 'audio' : 'video', codec: this.codec, data, pts: Math.max(0, this.pts), dts: Math.max(0, this.dts), keyframe: key });
  }

  reset(): void {
    this.parts = [];
    this.bytes = 0;
  }
}

/** MPEG-4 Visual: a VOP start code (00 00 01 B6) followed by vop_coding_type 00 (I-VOP). */
function isMpeg4KeyVop(data: Buffer): boolean {
  const i = data.indexOf(Buffer.from([0, 0, 1, 0xb6]));
  return i >= 0 && i + 4 < data.length && data[i + 4] >> 6 === 0;
}
