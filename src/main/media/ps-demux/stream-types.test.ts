import { describe, expect, it } from 'vitest';
import type { MediaFrame } from '../frame/types';
import { PsMuxer } from '../ps-mux/ps-muxer';
import { clip } from '../testing/media-fixtures';
import { PsDemuxer } from './ps-demuxer';
import { probeVideoCodec } from './stream-probe';

function demux(chunks: Buffer[]) {
  const frames: MediaFrame[] = [];
  const d = new PsDemuxer({ onFrame: (f) => frames.push(f) });
  for (const c of chunks) d.push(c);
  d.flush();
  return { frames, d };
}

const adts = (n: number) => Buffer.concat([Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), Buffer.alloc(n, 0x21)]);

describe('PsDemuxer stream types', () => {
  const v = clip('h264Baseline').frames;

  it('maps PSM stream_type 0x91 to G.711U and 0x0F to AAC', () => {
    for (const [audio, type] of [['g711u', 0x91], ['aac', 0x0f]] as const) {
      const mux = new PsMuxer({ video: 'h264', audio });
      const { frames, d } = demux([mux.video(v[0]), mux.audio({ data: adts(100), pts: 0 }), mux.video(v[1])]);
      expect(frames.find((f) => f.kind === 'audio')?.codec).toBe(audio);
      expect(d.streamInfo.find((s) => s.streamId === 0xc0)?.streamType).toBe(type);
    }
  });

  it('without a PSM, recognises AAC by its ADTS sync word and takes other audio for G.711A', () => {
    const mux = new PsMuxer({ video: 'h264', audio: 'aac', psm: false });
    const a = demux([mux.video(v[0]), mux.audio({ data: adts(50), pts: 0 })]);
    expect(a.frames.find((f) => f.kind === 'audio')?.codec).toBe('aac');
    const b = demux([mux.video(v[0]), mux.audio({ data: Buffer.alloc(320, 0xd5), pts: 0 })]);
    expect(b.frames.find((f) => f.kind === 'audio')?.codec).toBe('g711a');
  });

  it('frames MPEG-4 Visual (0x10) by PES timestamp and finds I-VOPs', () => {
    const vol = Buffer.from([0, 0, 1, 0xb0, 1, 0, 0, 1, 0xb5, 9, 0, 0, 1, 0x20, 0x08]);
    const iVop = Buffer.concat([vol, Buffer.from([0, 0, 1, 0xb6, 0x10, 1, 2, 3])]);
    const pVop = Buffer.from([0, 0, 1, 0xb6, 0x50, 4, 5, 6]);
    const mux = new PsMuxer({ video: 'mpeg4' });
    const { frames } = demux([
      mux.video({ data: iVop, pts: 0, keyframe: true }),
      mux.video({ data: pVop, pts: 3600, keyframe: false }),
      mux.video({ data: pVop, pts: 7200, keyframe: false }),
    ]);
    expect(frames.map((f) => [f.codec, f.pts, f.keyframe])).toEqual([
      ['mpeg4', 0, true],
      ['mpeg4', 3600, false],
      ['mpeg4', 7200, false],
    ]);
    expect(frames[0].data.equals(iVop)).toBe(true);
  });

  it('probes codecs from NAL headers, deciding on parameter sets at once', () => {
    expect(probeVideoCodec(Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0, 0x1e]))).toBe('h264');
    expect(probeVideoCodec(Buffer.from([0, 0, 0, 1, 0x40, 0x01, 0x0c, 0]))).toBe('h265');
    expect(probeVideoCodec(Buffer.from([0, 0, 1, 0xb0, 1]))).toBe('mpeg4');
    // H.264 slices only: P slice 0x41 0x9a is not a valid H.265 header (layer id bits set)
    expect(probeVideoCodec(Buffer.from([0, 0, 1, 0x41, 0x9a, 1, 0, 0, 1, 0x41, 0x9a, 2, 0, 0, 1, 0x41]))).toBe('h264');
    // H.265 TRAIL_R slices only
    expect(probeVideoCodec(Buffer.from([0, 0, 1, 0x02, 0x01, 0xd0, 0, 0, 1, 0x02, 0x01, 0xd0, 0, 0, 1, 0x02]))).toBe('h265');
    expect(probeVideoCodec(Buffer.from([0, 0, 1, 0x41]))).toBeUndefined();
  });
});
