// Records the received H.264 or H.265 access units into an MP4 file as they are (no re-encode): Annex B becomes
// length-prefixed samples, parameter sets go into avcC (SPS/PPS) or hvcC (VPS/SPS/PPS). The file is built in
// memory and handed over at the end.
import { ArrayBufferTarget, Muxer } from 'mp4-muxer';
import { ptsToMicros } from '../../../shared/media-frames';
import { avcCodecString, buildAvcC, findParameterSets, splitNalUnits, toLengthPrefixed } from './annexb';
import { buildHvcC, findHevcParameterSets, hevcCodecString, hevcSample, readHevcSps } from './hevc-config';

export interface RecordableFrame {
  data: Uint8Array;
  keyframe: boolean;
  discontinuity: boolean;
  /** 90 kHz. */
  pts: number;
  width: number;
  height: number;
  codecString: string;
  /** H.264 when absent. */
  codec?: string;
}

export const recordableCodec = (codec: string | null | undefined): boolean => codec === 'h264' || codec === 'h265';

interface Config {
  /** avcC or hvcC. */
  record: Uint8Array;
  codec: string;
  /** From the SPS, where it is read (H.265). */
  size: { width: number; height: number } | null;
}

/** What differs between the codecs: the muxer's name, the decoder configuration record, the sample. */
interface Format {
  muxerCodec: 'avc' | 'hevc';
  config(nals: Uint8Array[]): Config | null;
  sample(nals: Uint8Array[]): Uint8Array;
}

const AVC: Format = {
  muxerCodec: 'avc',
  config(nals) {
    const ps = findParameterSets(nals);
    const record = ps.sps.length > 0 ? buildAvcC(ps) : null;
    return record && { record, codec: avcCodecString(ps.sps[0]) || 'avc1.42E01E', size: null };
  },
  sample: toLengthPrefixed,
};

const HEVC: Format = {
  muxerCodec: 'hevc',
  config(nals) {
    const ps = findHevcParameterSets(nals);
    const record = buildHvcC(ps);
    const sps = record && readHevcSps(ps.sps[0]);
    return sps ? { record: record!, codec: hevcCodecString(ps.sps[0]) || 'hvc1.1.6.L93.B0', size: { width: sps.width, height: sps.height } } : null;
  },
  sample: hevcSample,
};

/** What push() asks of the caller: go on, or finish now (the picture format changed, or the size cap was hit). */
export type PushResult = 'ok' | 'format-changed' | 'size-limit';

interface Pending {
  sample: Uint8Array;
  key: boolean;
  micros: number;
}

const DEFAULT_FRAME_MICROS = 40_000;

export class Mp4Recorder {
  private muxer: Muxer<ArrayBufferTarget> | null = null;
  private format: Format | null = null;
  private config: Uint8Array | null = null;
  private pending: Pending | null = null;
  private lastDuration = DEFAULT_FRAME_MICROS;
  private waitKey = true;
  /** Samples written so far. */
  frames = 0;
  bytes = 0;

  constructor(
    readonly startedAt: Date,
    private readonly maxBytes = 512 * 1024 * 1024,
    /** Picture size to use when the frame header has none (e.g. from the decoder). */
    private readonly fallbackSize: () => { width: number; height: number } = () => ({ width: 0, height: 0 }),
  ) {}

  get waitingForKeyframe(): boolean {
    return this.muxer === null;
  }

  push(f: RecordableFrame): PushResult {
    if (f.discontinuity) this.waitKey = true;
    if (this.waitKey && !f.keyframe) return 'ok';
    const format = f.codec === 'h265' ? HEVC : AVC;
    if (this.format && format !== this.format) return 'format-changed';
    const nals = splitNalUnits(f.data);
    if (f.keyframe) {
      const config = format.config(nals);
      if (config && this.config && !sameBytes(config.record, this.config)) return 'format-changed';
      if (!this.muxer) {
        if (!config) return 'ok';
        this.start(f, format, config);
      }
    }
    this.waitKey = false;
    const sample = format.sample(nals);
    if (sample.length === 0) return 'ok';
    if (this.bytes + sample.length > this.maxBytes) return 'size-limit';
    this.write({ sample, key: f.keyframe, micros: ptsToMicros(f.pts) });
    return 'ok';
  }

  /** The finished file, or null when no picture was recorded. */
  finish(): Blob | null {
    if (!this.muxer) return null;
    if (this.pending) this.flushPending(this.lastDuration);
    this.muxer.finalize();
    const blob = new Blob([this.muxer.target.buffer], { type: 'video/mp4' });
    this.muxer = null;
    return blob;
  }

  private start(f: RecordableFrame, format: Format, config: Config): void {
    const size = f.width > 0 && f.height > 0 ? { width: f.width, height: f.height } : (config.size ?? this.fallbackSize());
    this.format = format;
    this.config = config.record;
    this.muxer = new Muxer({
      target: new ArrayBufferTarget(),
      video: { codec: format.muxerCodec, width: size.width, height: size.height },
      fastStart: 'in-memory',
      firstTimestampBehavior: 'offset',
    });
    this.codec = f.codecString || config.codec;
    this.size = size;
  }

  private codec = '';
  private size = { width: 0, height: 0 };

  // A sample's duration is only known when the next one arrives, so each one waits for its successor.
  private write(next: Pending): void {
    if (this.pending) {
      const d = next.micros - this.pending.micros;
      this.flushPending(d > 0 && d < 10_000_000 ? d : this.lastDuration);
    }
    this.pending = next;
  }

  private flushPending(duration: number): void {
    const p = this.pending!;
    this.pending = null;
    this.lastDuration = duration;
    const meta =
      this.frames === 0
        ? { decoderConfig: { codec: this.codec, codedWidth: this.size.width, codedHeight: this.size.height, description: this.config! } }
        : undefined;
    this.muxer!.addVideoChunkRaw(p.sample, p.key ? 'key' : 'delta', p.micros, duration, meta);
    this.frames++;
    this.bytes += p.sample.length;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
