import type { AudioCodec } from '../frame/types';
import { crc32Mpeg2 } from '../ps-format/crc32-mpeg2';
import { PsCode } from '../ps-format/start-codes';
import { streamTypeOfCodec } from '../ps-format/stream-types';
import { writePesTimestamp } from '../ps-format/timestamp';

export type PsVideoCodec = 'h264' | 'h265' | 'mpeg4';

export interface PsMuxerOptions {
  video: PsVideoCodec;
  /** Declares an audio stream (id 0xC0) in the system header and PSM. */
  audio?: AudioCodec;
  /** program_mux_rate in bytes per second (written in units of 50 bytes/s); default 1 MB/s. */
  muxRate?: number;
  /** Largest PES payload before a frame is split into several PES packets; default 65000. */
  maxPesPayload?: number;
  /** Write the system header on keyframes; default true. */
  systemHeader?: boolean;
  /** Write the program stream map on keyframes; default true (false imitates devices that omit it). */
  psm?: boolean;
}

export interface PsVideoFrame {
  /** Annex B access unit. */
  data: Uint8Array;
  /** 90 kHz. */
  pts: number;
  /** Defaults to pts (no B-frames). */
  dts?: number;
  keyframe: boolean;
}

export interface PsAudioFrame {
  data: Uint8Array;
  pts: number;
}

const VIDEO_ID = PsCode.VideoFirst;
const AUDIO_ID = PsCode.AudioFirst;
const PACK_HEADER_SIZE = 14;

/**
 * Program stream muxer as GB/T 28181 devices use it: one PS packet per frame; keyframes carry a pack header,
 * system header and program stream map, other frames a pack header only, then the PES packets (ISO 13818-1 2.5).
 */
export class PsMuxer {
  private readonly muxRateUnits: number;
  private readonly maxPayload: number;
  private readonly systemHeader: Buffer;
  private readonly psm: Buffer;

  constructor(private readonly options: PsMuxerOptions) {
    this.muxRateUnits = Math.max(1, Math.min(0x3fffff, Math.ceil((options.muxRate ?? 1_000_000) / 50)));
    this.maxPayload = Math.max(256, Math.min(65535 - 13, options.maxPesPayload ?? 65000));
    this.systemHeader = options.systemHeader === false ? Buffer.alloc(0) : this.buildSystemHeader();
    this.psm = options.psm === false ? Buffer.alloc(0) : this.buildPsm();
  }

  /** One PS packet holding a whole video access unit. */
  video(frame: PsVideoFrame): Buffer {
    const dts = frame.dts ?? frame.pts;
    const withDts = dts !== frame.pts;
    const pieces = Math.max(1, Math.ceil(frame.data.length / this.maxPayload));
    const firstHeader = withDts ? 19 : 14;
    let size = PACK_HEADER_SIZE + firstHeader + (pieces - 1) * 9 + frame.data.length;
    if (frame.keyframe) size += this.systemHeader.length + this.psm.length;
    const out = Buffer.allocUnsafe(size);
    let o = this.writePackHeader(out, 0, dts);
    if (frame.keyframe) {
      o += this.systemHeader.copy(out, o);
      o += this.psm.copy(out, o);
    }
    for (let i = 0; i < pieces; i++) {
      const chunk = frame.data.subarray(i * this.maxPayload, Math.min(frame.data.length, (i + 1) * this.maxPayload));
      o = i === 0 ? writePes(out, o, VIDEO_ID, chunk, frame.pts, withDts ? dts : undefined) : writePes(out, o, VIDEO_ID, chunk);
    }
    return out;
  }

  /** One PS packet holding an audio frame (pack header + PES on stream 0xC0). */
  audio(frame: PsAudioFrame): Buffer {
    if (!this.options.audio) throw new Error('PsMuxer was created without an audio codec');
    if (frame.data.length > this.maxPayload) throw new Error(`audio frame of ${frame.data.length} bytes is too large for one PES`);
    const out = Buffer.allocUnsafe(PACK_HEADER_SIZE + 14 + frame.data.length);
    const o = this.writePackHeader(out, 0, frame.pts);
    writePes(out, o, AUDIO_ID, frame.data, frame.pts);
    return out;
  }

  /** MPEG-2 pack header, ISO 13818-1 2.5.3.3: SCR base (33 bits), SCR extension 0, mux rate, no stuffing. */
  private writePackHeader(out: Buffer, at: number, scr: number): number {
    const s = ((scr % 8589934592) + 8589934592) % 8589934592;
    const hi = Math.floor(s / 1073741824);
    const mid = Math.floor(s / 32768) & 0x7fff;
    const lo = s & 0x7fff;
    const rate = this.muxRateUnits;
    out.writeUInt32BE(0x000001ba, at);
    out[at + 4] = 0x44 | (hi << 3) | (mid >> 13);
    out[at + 5] = (mid >> 5) & 0xff;
    out[at + 6] = ((mid & 0x1f) << 3) | 0x04 | (lo >> 13);
    out[at + 7] = (lo >> 5) & 0xff;
    out[at + 8] = ((lo & 0x1f) << 3) | 0x04;
    out[at + 9] = 0x01;
    out[at + 10] = rate >> 14;
    out[at + 11] = (rate >> 6) & 0xff;
    out[at + 12] = ((rate & 0x3f) << 2) | 0x03;
    out[at + 13] = 0xf8;
    return at + PACK_HEADER_SIZE;
  }

  /** System header, ISO 13818-1 2.5.3.5, with one entry per stream. */
  private buildSystemHeader(): Buffer {
    const streams = this.options.audio ? 2 : 1;
    const b = Buffer.alloc(12 + 3 * streams);
    b.writeUInt32BE(0x000001bb, 0);
    b.writeUInt16BE(6 + 3 * streams, 4);
    const rate = this.muxRateUnits;
    b[6] = 0x80 | (rate >> 15);
    b[7] = (rate >> 7) & 0xff;
    b[8] = ((rate & 0x7f) << 1) | 1;
    b[9] = (this.options.audio ? 1 : 0) << 2;
    b[10] = 0xe1; // audio and video locked, marker, video_bound 1
    b[11] = 0x7f;
    // P-STD buffer bound: video 400 x 1024 bytes, audio 32 x 128 bytes.
    b[12] = VIDEO_ID;
    b.writeUInt16BE(0xe000 | 400, 13);
    if (this.options.audio) {
      b[15] = AUDIO_ID;
      b.writeUInt16BE(0xc000 | 32, 16);
    }
    return b;
  }

  /** Program stream map, ISO 13818-1 2.5.4, version 0, with CRC-32. */
  private buildPsm(): Buffer {
    const entries: [number, number][] = [[streamTypeOfCodec(this.options.video), VIDEO_ID]];
    if (this.options.audio) entries.push([streamTypeOfCodec(this.options.audio), AUDIO_ID]);
    const b = Buffer.alloc(16 + 4 * entries.length);
    b.writeUInt32BE(0x000001bc, 0);
    b.writeUInt16BE(10 + 4 * entries.length, 4);
    b[6] = 0xe0; // current_next_indicator 1, version 0
    b[7] = 0xff;
    b.writeUInt16BE(0, 8);
    b.writeUInt16BE(4 * entries.length, 10);
    let o = 12;
    for (const [type, id] of entries) {
      b[o] = type;
      b[o + 1] = id;
      b.writeUInt16BE(0, o + 2);
      o += 4;
    }
    b.writeUInt32BE(crc32Mpeg2(b, 0, o), o);
    return b;
  }
}

/** MPEG-2 PES packet, ISO 13818-1 2.4.3.6; the first piece of a frame carries its PTS (and DTS). */
function writePes(out: Buffer, at: number, streamId: number, payload: Uint8Array, pts?: number, dts?: number): number {
  const headerData = pts === undefined ? 0 : dts === undefined ? 5 : 10;
  out.writeUInt32BE(0x00000100 | streamId, at);
  out.writeUInt16BE(3 + headerData + payload.length, at + 4);
  out[at + 6] = pts === undefined ? 0x80 : 0x84; // '10', data_alignment_indicator on the first piece
  out[at + 7] = pts === undefined ? 0 : dts === undefined ? 0x80 : 0xc0;
  out[at + 8] = headerData;
  let o = at + 9;
  if (pts !== undefined) {
    writePesTimestamp(out, o, dts === undefined ? 0b0010 : 0b0011, pts);
    o += 5;
    if (dts !== undefined) {
      writePesTimestamp(out, o, 0b0001, dts);
      o += 5;
    }
  }
  out.set(payload, o);
  return o + payload.length;
}
