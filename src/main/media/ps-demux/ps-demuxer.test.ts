import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { joinAnnexB, splitNalUnits } from '../annexb/nal-split';
import { loadG711Clip } from '../clip/load-clip';
import { clipPath } from '../clip/resources-dir';
import type { MediaFrame } from '../frame/types';
import { PsMuxer } from '../ps-mux/ps-muxer';
import { clip, psPackets } from '../testing/media-fixtures';
import { seededRandom } from '../testing/shuffle';
import { ffprobeVideo, runTool } from '../testing/tools';
import { PsDemuxer, type PsDemuxerOptions } from './ps-demuxer';

const dir = mkdtempSync(join(tmpdir(), 'ps-demux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demuxer(options: Partial<PsDemuxerOptions> = {}) {
  const frames: MediaFrame[] = [];
  const d = new PsDemuxer({ onFrame: (f) => frames.push(f), ...options });
  return { frames, d };
}

/** Feeds a PS byte stream cut into RTP-payload-sized pieces. */
function feed(d: PsDemuxer, ps: Buffer, piece = 1400, endOfFrameEachPacket = false) {
  for (let o = 0; o < ps.length; o += piece) d.push(ps.subarray(o, o + piece));
  if (!endOfFrameEachPacket) d.flush();
}

describe('PsDemuxer on our muxer (GB/T 28181 layout)', () => {
  for (const name of ['h264Baseline', 'h264High', 'h265Main'] as const) {
    it(`recovers every frame of ${name} byte-exact, with PTS, keyframes, size and profile`, () => {
      const c = clip(name);
      const { frames, d } = demuxer();
      const rtpFrames = psPackets(name);
      for (const ps of rtpFrames) {
        for (let o = 0; o < ps.length; o += 1400) d.push(ps.subarray(o, o + 1400));
        d.endOfFrame(); // the marker bit of the frame's last RTP packet
      }
      expect(frames).toHaveLength(250);
      frames.forEach((f, i) => {
        expect(f.data.equals(c.frames[i].data)).toBe(true);
        expect(f.pts).toBe(c.frames[i].pts);
        expect(f.keyframe).toBe(c.frames[i].keyframe);
      });
      expect(frames[0]).toMatchObject({ kind: 'video', codec: c.codec, width: 640, height: 360 });
      expect(frames[0].profile).toBe(name === 'h264Baseline' ? 'Constrained Baseline' : name === 'h264High' ? 'High' : 'Main');
      expect(d.stats).toMatchObject({ keyframes: 10, psms: 10, garbageBytes: 0, resyncs: 0, internalErrors: 0 });
      expect(d.streamInfo[0]).toMatchObject({ streamId: 0xe0, streamType: c.codec === 'h265' ? 0x24 : 0x1b, codec: c.codec });
    });
  }

  it('gives the same frames whatever the piece size, down to one byte', () => {
    const ps = Buffer.concat(psPackets('h264High').slice(0, 30));
    const ref = demuxer();
    feed(ref.d, ps, 1400);
    for (const piece of [1, 7, 188, 65536]) {
      const { frames, d } = demuxer();
      feed(d, ps, piece);
      expect(frames.map((f) => f.data)).toEqual(ref.frames.map((f) => f.data));
    }
    expect(ref.frames).toHaveLength(30);
  });

  it('emits a frame at endOfFrame() without waiting for the next one', () => {
    const { frames, d } = demuxer();
    d.push(psPackets('h264Baseline')[0]);
    expect(frames).toHaveLength(0);
    d.endOfFrame();
    expect(frames).toHaveLength(1);
  });

  it('detects H.265 and H.264 from the payload when there is no PSM', () => {
    for (const name of ['h265Main', 'h264Baseline'] as const) {
      const { frames, d } = demuxer();
      feed(d, Buffer.concat(psPackets(name, { psm: false, systemHeader: false })));
      expect(frames).toHaveLength(250);
      expect(frames[0]).toMatchObject({ codec: clip(name).codec, width: 640, height: 360 });
      expect(d.streamInfo[0].streamType).toBeUndefined();
    }
  });

  it('trusts the payload over a PSM that names the wrong codec, and reports the mismatch', () => {
    const ps = psPackets('h265Main').map((p) => {
      const b = Buffer.from(p);
      const at = b.indexOf(Buffer.from([0, 0, 1, 0xbc]));
      if (at >= 0) b[at + 12] = 0x1b; // says H.264 (CRC now wrong too, as on such devices)
      return b;
    });
    const { frames, d } = demuxer();
    feed(d, Buffer.concat(ps));
    expect(frames).toHaveLength(250);
    expect(frames[0].codec).toBe('h265');
    expect(d.streamInfo[0]).toMatchObject({ codec: 'h265', streamType: 0x1b, streamTypeMismatch: 'h264' });
  });

  it('reassembles a frame split over several PES packets', () => {
    const c = clip('h264Baseline');
    const mux = new PsMuxer({ video: 'h264', maxPesPayload: 1000 });
    const { frames, d } = demuxer();
    feed(d, Buffer.concat(c.frames.slice(0, 50).map((f) => mux.video(f))));
    expect(frames).toHaveLength(50);
    frames.forEach((f, i) => expect(f.data.equals(c.frames[i].data)).toBe(true));
    expect(d.stats.pesPackets).toBe(c.frames.slice(0, 50).reduce((n, f) => n + Math.ceil(f.data.length / 1000), 0));
    expect(d.stats.pesPackets).toBeGreaterThan(100);
  });

  it('handles one PES per NAL unit, every PES carrying the frame PTS (as some cameras write it)', () => {
    const c = clip('h264High');
    const mux = new PsMuxer({ video: 'h264' });
    const { frames, d } = demuxer();
    for (const f of c.frames.slice(0, 60)) {
      const nals = splitNalUnits(f.data);
      nals.forEach((nal, i) => d.push(mux.video({ data: joinAnnexB([nal]), pts: f.pts, keyframe: f.keyframe && i === 0 })));
      d.endOfFrame();
    }
    expect(frames).toHaveLength(60);
    frames.forEach((f, i) => {
      expect(splitNalUnits(f.data)).toEqual(splitNalUnits(c.frames[i].data));
      expect(f.pts).toBe(c.frames[i].pts);
    });
  });

  it('separates G.711A audio frames (stream_type 0x90) from video', () => {
    const c = clip('h264Baseline');
    const audio = loadG711Clip();
    const mux = new PsMuxer({ video: 'h264', audio: 'g711a' });
    const { frames, d } = demuxer();
    c.frames.forEach((f, i) => {
      d.push(mux.video(f));
      d.push(mux.audio(audio[i]));
    });
    d.flush();
    const a = frames.filter((f) => f.kind === 'audio');
    expect(a).toHaveLength(250);
    expect(a[0]).toMatchObject({ codec: 'g711a', pts: 0, keyframe: true });
    expect(a[10].data.equals(audio[10].data)).toBe(true);
    expect(frames.filter((f) => f.kind === 'video')).toHaveLength(250);
  });

  it('accepts a PES_packet_length that is too short (payload continues up to the next pack header)', () => {
    const ps = psPackets('h264Baseline').slice(0, 10).map((p) => {
      const b = Buffer.from(p);
      const at = b.lastIndexOf(Buffer.from([0, 0, 1, 0xe0]));
      b.writeUInt16BE(b.readUInt16BE(at + 4) - 100, at + 4);
      return b;
    });
    const { frames, d } = demuxer();
    feed(d, Buffer.concat(ps));
    expect(frames).toHaveLength(10);
    frames.forEach((f, i) => expect(f.data.equals(clip('h264Baseline').frames[i].data)).toBe(true));
    expect(d.stats.pesOverruns).toBe(10);
  });
});

describe('PsDemuxer on PS written by ffmpeg (-f mpeg: MPEG-1 packs, MPEG-1 PES, no PSM)', () => {
  for (const name of ['h264Baseline', 'h264High'] as const) {
    it(`finds as many frames as ffprobe counts in ${name}`, async () => {
      const file = join(dir, `${name}.mpg`);
      const r = await runTool('ffmpeg', ['-v', 'error', '-y', '-i', clipPath(name), '-c', 'copy', '-f', 'mpeg', file]);
      expect(r.code).toBe(0);
      const probe = await ffprobeVideo(file);
      const ps = readFileSync(file);
      expect(ps[4] >> 4).toBe(2); // MPEG-1 pack header
      const { frames, d } = demuxer();
      feed(d, ps, 1400);
      expect(frames).toHaveLength(Number(probe.nb_read_frames));
      expect(frames.filter((f) => f.keyframe)).toHaveLength(10);
      expect(frames[0]).toMatchObject({ codec: 'h264', width: 640, height: 360 });
      expect(d.streamInfo[0]).toMatchObject({ streamId: 0xe2, streamType: undefined });
      frames.forEach((f, i) => expect(f.data.equals(clip(name).frames[i].data)).toBe(true));
      expect(d.stats.internalErrors).toBe(0);
    });
  }

  it('reads ffmpeg PS with MPEG-2 packs (-f vob) too', async () => {
    const file = join(dir, 'vob.mpg');
    await runTool('ffmpeg', ['-v', 'error', '-y', '-i', clipPath('h264Baseline'), '-c', 'copy', '-f', 'vob', file]);
    const { frames, d } = demuxer();
    feed(d, readFileSync(file), 1400);
    expect(frames).toHaveLength(250);
    expect(d.stats.packHeaders).toBeGreaterThan(0);
  });
});

describe('PsDemuxer with loss', () => {
  it('drops the broken frames after a gap and resumes exactly at the next keyframe', () => {
    const c = clip('h264Baseline');
    const ps = psPackets('h264Baseline');
    const { frames, d } = demuxer();
    const rand = seededRandom(5);
    const damaged = new Set<number>();
    ps.forEach((p, i) => {
      const pieces: Buffer[] = [];
      for (let o = 0; o < p.length; o += 1400) pieces.push(p.subarray(o, o + 1400));
      for (const piece of pieces) {
        if (i % 40 === 13 && rand() < 0.5) {
          damaged.add(i);
          d.discontinuity();
          continue;
        }
        d.push(piece);
      }
      d.endOfFrame();
    });
    expect(damaged.size).toBeGreaterThan(3);
    // Every emitted frame is an exact frame of the clip, in order, and nothing between a loss and the next keyframe.
    let ci = 0;
    for (const f of frames) {
      while (ci < c.frames.length && !f.data.equals(c.frames[ci].data)) ci++;
      expect(ci).toBeLessThan(c.frames.length);
      ci++;
    }
    const expected = c.frames.filter((_, i) => {
      const lastLoss = Math.max(-1, ...[...damaged].filter((x) => x <= i));
      if (lastLoss < 0) return true;
      const nextKey = c.frames.findIndex((g, j) => j > lastLoss && g.keyframe);
      return nextKey >= 0 && i >= nextKey;
    });
    expect(frames).toHaveLength(expected.length);
    expect(d.stats.framesSkipped).toBeGreaterThan(0);
  });
});
