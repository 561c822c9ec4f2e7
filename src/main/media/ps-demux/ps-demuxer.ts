import type { MediaCodec, MediaFrame } from '../frame/types';
import { PsCode, hasPesHeader, isAudioStreamId, isVideoStreamId } from '../ps-format/start-codes';
import { codecOfStreamType } from '../ps-format/stream-types';
import { AudioEsStream, type EsStream, VideoEsStream } from './es-streams';
import { INVALID, NEED_MORE, type PesHeader, packHeaderSize, parsePesHeader, parsePsm } from './headers';

export interface PsDemuxerOptions {
  onFrame: (frame: MediaFrame) => void;
  /**
   * Drop video frames until a keyframe at the start and after every discontinuity (a decoder cannot use them);
   * default true.
   */
  waitForKeyframe?: boolean;
  /** A video frame larger than this is dropped; default 8 MiB. */
  maxFrameBytes?: number;
}

export interface PsDemuxerStats {
  packHeaders: number;
  systemHeaders: number;
  psms: number;
  pesPackets: number;
  frames: number;
  videoFrames: number;
  keyframes: number;
  audioFrames: number;
  /** Video frames dropped while waiting for a keyframe. */
  framesSkipped: number;
  /** Bytes that were not part of any recognised structure. */
  garbageBytes: number;
  /** Times the parser lost and looked for the next start code. */
  resyncs: number;
  discontinuities: number;
  /** Video PES packets whose payload ran past their PES_packet_length (kept as payload). */
  pesOverruns: number;
  /** Exceptions caught inside the demuxer (a bug if non-zero; the input is skipped). */
  internalErrors: number;
}

export interface PsStreamInfo {
  streamId: number;
  kind: 'video' | 'audio';
  codec: MediaCodec | undefined;
  /** stream_type from the PSM, when one was seen. */
  streamType: number | undefined;
  /** The PSM named another codec than the payload shows. */
  streamTypeMismatch?: MediaCodec;
  width?: number;
  height?: number;
  profile?: string;
  codecString?: string;
}

const enum State {
  Sync,
  Payload,
  Skip,
  Unbounded,
}

const STASH_LIMIT = 16 * 1024;
const MAX_HEADER_LENGTH = 8192;

/**
 * ISO/IEC 13818-1 program stream demuxer for GB/T 28181 media, fed with RTP payloads in order.
 * Pack headers (MPEG-2 and MPEG-1), system headers, PSM, PES (both syntaxes), padding and unknown streams are
 * walked with a byte-exact state machine, so any structure may be split across payloads. PES payload bytes go
 * straight to the elementary stream; only header fragments are copied. Garbage is skipped to the next
 * 00 00 01 BA..FF start code (H.264/H.265 payloads cannot contain one, forbidden_zero_bit). Never throws.
 */
export class PsDemuxer {
  readonly stats: PsDemuxerStats = {
    packHeaders: 0,
    systemHeaders: 0,
    psms: 0,
    pesPackets: 0,
    frames: 0,
    videoFrames: 0,
    keyframes: 0,
    audioFrames: 0,
    framesSkipped: 0,
    garbageBytes: 0,
    resyncs: 0,
    discontinuities: 0,
    pesOverruns: 0,
    internalErrors: 0,
  };
  private readonly streams = new Map<number, EsStream>();
  private readonly streamTypes = new Map<number, number>();
  private readonly onFrame: (frame: MediaFrame) => void;
  private readonly waitForKeyframe: boolean;
  private readonly maxFrameBytes: number;
  private state = State.Sync;
  private remaining = 0;
  private current: EsStream | undefined;
  private stash = Buffer.allocUnsafe(STASH_LIMIT);
  private stashLen = 0;
  private needKeyframe: boolean;
  private inGarbage = false;
  private readonly pes: PesHeader = { headerSize: 0, payloadSize: 0, pts: 0, dts: 0, hasPts: false };
  private keyframeHint = false;
  private keepAt = 0;
  private afterVideoPes = false;

  constructor(options: PsDemuxerOptions) {
    this.onFrame = options.onFrame;
    this.waitForKeyframe = options.waitForKeyframe ?? true;
    this.needKeyframe = this.waitForKeyframe;
    this.maxFrameBytes = options.maxFrameBytes ?? 8 * 1024 * 1024;
  }

  /** Streams seen so far, with what is known about them. */
  get streamInfo(): PsStreamInfo[] {
    return [...this.streams.values()].map((s) => ({
      streamId: s.streamId,
      kind: s instanceof VideoEsStream ? 'video' : 'audio',
      codec: s.codec,
      streamType: this.streamTypes.get(s.streamId),
      ...(s instanceof VideoEsStream
        ? {
            streamTypeMismatch: s.streamTypeMismatch,
            width: s.info?.width,
            height: s.info?.height,
            profile: s.info?.profile,
            codecString: s.info?.codecString,
          }
        : {}),
    }));
  }

  /** Feed the next RTP payload (or any piece of the program stream). */
  push(chunk: Uint8Array): void {
    try {
      this.process(chunk);
    } catch {
      this.stats.internalErrors++;
      this.resetParser();
    }
  }

  /** The transport saw the end of a frame (RTP marker, or a new timestamp): emit what is complete. */
  endOfFrame(): void {
    try {
      if (this.state === State.Unbounded && this.current) {
        // A PES without a usable length ends with the transport's frame.
        this.current.data(this.stash.subarray(0, this.stashLen));
        this.current.pesEnd();
        this.stashLen = 0;
        this.state = State.Sync;
      }
      if (this.state !== State.Sync || this.stashLen > 0) return;
      for (const s of this.streams.values()) s.endOfFrame();
    } catch {
      this.stats.internalErrors++;
    }
  }

  /** Packets were lost: drop partial frames, resynchronise on the next start code, wait for a keyframe. */
  discontinuity(): void {
    this.stats.discontinuities++;
    this.resetParser();
    for (const s of this.streams.values()) s.reset();
    if (this.waitForKeyframe) this.needKeyframe = true;
  }

  /** End of stream: emit pending frames. */
  flush(): void {
    this.endOfFrame();
  }

  private resetParser(): void {
    this.state = State.Sync;
    this.remaining = 0;
    this.current = undefined;
    this.stashLen = 0;
    this.afterVideoPes = false;
  }

  private process(chunk: Uint8Array): void {
    let buf: Uint8Array = chunk;
    let fromStash = false;
    if (this.stashLen > 0) {
      const total = this.stashLen + chunk.length;
      if (total <= this.stash.length) {
        this.stash.set(chunk, this.stashLen);
        buf = this.stash.subarray(0, total);
        fromStash = true;
      } else {
        buf = Buffer.concat([this.stash.subarray(0, this.stashLen), chunk]);
      }
      this.stashLen = 0;
    }
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      switch (this.state) {
        case State.Payload:
        case State.Skip: {
          const n = Math.min(this.remaining, len - pos);
          if (this.state === State.Payload) this.current!.data(buf.subarray(pos, pos + n));
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            if (this.state === State.Payload) this.current!.pesEnd();
            this.state = State.Sync;
          }
          break;
        }
        case State.Unbounded: {
          const end = findPsStartCode(buf, pos);
          if (end < 0) {
            const keep = Math.min(3, len - pos);
            this.current!.data(buf.subarray(pos, len - keep));
            this.keep(buf, len - keep, fromStash);
            return;
          }
          this.current!.data(buf.subarray(pos, end));
          this.current!.pesEnd();
          this.state = State.Sync;
          pos = end;
          break;
        }
        case State.Sync: {
          const next = this.parseStructure(buf, pos, len);
          if (next < 0) {
            this.keep(buf, this.keepAt, fromStash);
            return;
          }
          pos = next;
          break;
        }
      }
    }
  }

  /** Keeps buf[from..] for the next push (a header split across payloads). */
  private keep(buf: Uint8Array, from: number, fromStash: boolean): void {
    const n = buf.length - from;
    if (n <= 0) return;
    if (n > STASH_LIMIT) {
      this.stats.garbageBytes += n;
      return;
    }
    if (fromStash) {
      this.stash.copyWithin(0, from, buf.length);
    } else {
      this.stash.set(buf.subarray(from), 0);
    }
    this.stashLen = n;
  }

  /** Parses the structure at pos in Sync state; returns the new position, or -1 when more bytes are needed. */
  private parseStructure(b: Uint8Array, pos: number, len: number): number {
    this.keepAt = pos;
    const avail = len - pos;
    if (avail < 4) return -1;
    if (b[pos] !== 0 || b[pos + 1] !== 0 || b[pos + 2] !== 1 || b[pos + 3] < PsCode.ProgramEnd) {
      if (this.afterVideoPes && this.current) {
        // Bytes right after a video PES that are not a PS structure: the device wrote a PES_packet_length
        // shorter than the payload (seen with frames over 64 KiB). Treat them as more payload.
        this.stats.pesOverruns++;
        this.afterVideoPes = false;
        this.state = State.Unbounded;
        return pos;
      }
      const sc = findPsStartCode(b, pos + 1);
      if (sc >= 0) {
        this.garbage(sc - pos);
        return sc;
      }
      const keepFrom = Math.max(pos, len - 3);
      if (keepFrom > pos) this.garbage(keepFrom - pos);
      this.keepAt = keepFrom;
      return -1;
    }
    this.afterVideoPes = false;
    const code = b[pos + 3];
    if (code === PsCode.PackHeader) {
      const size = packHeaderSize(b, pos, avail);
      if (size === NEED_MORE) return -1;
      if (size === INVALID) return this.invalid(pos);
      if (avail < size) return -1;
      this.stats.packHeaders++;
      this.inGarbage = false;
      return pos + size;
    }
    if (code === PsCode.ProgramEnd) return pos + 4;
    if (avail < 6) return -1;
    const length = (b[pos + 4] << 8) | b[pos + 5];
    if (code === PsCode.StreamMap) {
      if (length < 10 || length > MAX_HEADER_LENGTH) return this.invalid(pos);
      if (avail < 6 + length) return -1;
      this.onPsm(b, pos, 6 + length);
      return pos + 6 + length;
    }
    if (code === PsCode.SystemHeader) {
      if (length < 6 || length > MAX_HEADER_LENGTH) return this.invalid(pos);
      this.stats.systemHeaders++;
      this.keyframeHint = true;
      return this.skip(pos, 6 + length, len);
    }
    if (!hasPesHeader(code) || (!isVideoStreamId(code) && !isAudioStreamId(code))) {
      return length === 0 ? this.invalid(pos) : this.skip(pos, 6 + length, len);
    }
    const r = parsePesHeader(b, pos, avail, this.pes);
    if (r === NEED_MORE) return -1;
    if (r === INVALID) return this.invalid(pos);
    this.inGarbage = false;
    this.stats.pesPackets++;
    const stream = this.stream(code);
    if (this.keyframeHint && stream instanceof VideoEsStream) {
      stream.keyframeHint = true;
      this.keyframeHint = false;
    }
    if (this.pes.hasPts) stream.timestamp(this.pes.pts, this.pes.dts);
    this.current = stream;
    this.afterVideoPes = stream instanceof VideoEsStream;
    if (this.pes.payloadSize < 0) {
      this.state = State.Unbounded;
    } else if (this.pes.payloadSize === 0) {
      stream.pesEnd();
    } else {
      this.state = State.Payload;
      this.remaining = this.pes.payloadSize;
    }
    return pos + this.pes.headerSize;
  }

  private skip(pos: number, total: number, len: number): number {
    const n = Math.min(total, len - pos);
    if (n < total) {
      this.state = State.Skip;
      this.remaining = total - n;
    }
    return pos + n;
  }

  private invalid(pos: number): number {
    this.garbage(1);
    return pos + 1;
  }

  private garbage(n: number): void {
    if (!this.inGarbage) {
      this.inGarbage = true;
      this.stats.resyncs++;
    }
    this.stats.garbageBytes += n;
  }

  private onPsm(b: Uint8Array, pos: number, total: number): void {
    this.stats.psms++;
    this.keyframeHint = true;
    const map = parsePsm(b, pos, total);
    if (!map) return;
    for (const [id, type] of map) {
      this.streamTypes.set(id, type);
      if (isVideoStreamId(id) || isAudioStreamId(id)) this.stream(id).setStreamTypeCodec(codecOfStreamType(type));
    }
  }

  private stream(id: number): EsStream {
    let s = this.streams.get(id);
    if (!s) {
      s = isVideoStreamId(id)
        ? new VideoEsStream(id, (f) => this.emit(f), this.maxFrameBytes)
        : new AudioEsStream(id, (f) => this.emit(f));
      const type = this.streamTypes.get(id);
      if (type !== undefined) s.setStreamTypeCodec(codecOfStreamType(type));
      this.streams.set(id, s);
    }
    return s;
  }

  private emit(frame: MediaFrame): void {
    if (frame.kind === 'video') {
      if (this.needKeyframe && !frame.keyframe) {
        this.stats.framesSkipped++;
        return;
      }
      this.needKeyframe = false;
      this.stats.videoFrames++;
      if (frame.keyframe) this.stats.keyframes++;
    } else {
      this.stats.audioFrames++;
    }
    this.stats.frames++;
    this.onFrame(frame);
  }
}

/** Next 00 00 01 xx with xx >= 0xB9 (a program stream structure) at or after `from`, or -1. */
function findPsStartCode(b: Uint8Array, from: number): number {
  const len = b.length;
  let i = from;
  while (i + 3 < len) {
    const z = b.indexOf(1, i + 2);
    if (z < 0 || z + 1 >= len) return -1;
    if (b[z - 1] === 0 && b[z - 2] === 0 && b[z + 1] >= PsCode.ProgramEnd && z - 2 >= from) return z - 2;
    i = z - 1;
  }
  return -1;
}
