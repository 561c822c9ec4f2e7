import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadG711Clip } from '../clip/load-clip';
import { crc32Mpeg2 } from '../ps-format/crc32-mpeg2';
import { readPesTimestamp } from '../ps-format/timestamp';
import { clip, psPackets } from '../testing/media-fixtures';
import { ffprobeVideo, runTool } from '../testing/tools';
import { PsMuxer } from './ps-muxer';

const dir = mkdtempSync(join(tmpdir(), 'ps-mux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PsMuxer layout', () => {
  const mux = new PsMuxer({ video: 'h264' });
  const c = clip('h264Baseline');

  it('writes pack + system header + PSM (stream_type 0x1B) + PES on keyframes, pack + PES otherwise', () => {
    const key = mux.video(c.frames[0]);
    expect([...key.subarray(0, 4)]).toEqual([0, 0, 1, 0xba]);
    expect(key[4] >> 6).toBe(1); // MPEG-2 pack header
    expect([...key.subarray(14, 18)]).toEqual([0, 0, 1, 0xbb]);
    const psmAt = 14 + 6 + key.readUInt16BE(18);
    expect([...key.subarray(psmAt, psmAt + 4)]).toEqual([0, 0, 1, 0xbc]);
    const psmLen = key.readUInt16BE(psmAt + 4);
    expect(key[psmAt + 12]).toBe(0x1b);
    expect(key[psmAt + 13]).toBe(0xe0);
    expect(crc32Mpeg2(key, psmAt, psmAt + 6 + psmLen)).toBe(0); // CRC over the section including it is 0
    const pesAt = psmAt + 6 + psmLen;
    expect([...key.subarray(pesAt, pesAt + 4)]).toEqual([0, 0, 1, 0xe0]);
    expect(key.readUInt16BE(pesAt + 4)).toBe(key.length - pesAt - 6);
    const p = mux.video(c.frames[1]);
    expect([...p.subarray(14, 18)]).toEqual([0, 0, 1, 0xe0]);
    expect(readPesTimestamp(p, 14 + 9)).toBe(3600);
  });

  it('splits a frame larger than one PES into several, the PTS on the first only', () => {
    const big = Buffer.alloc(150_000, 0x11);
    const out = new PsMuxer({ video: 'h264', maxPesPayload: 65000 }).video({ data: big, pts: 90000, keyframe: false });
    const pes: number[] = [];
    for (let i = out.indexOf(Buffer.from([0, 0, 1, 0xe0])); i >= 0; i = out.indexOf(Buffer.from([0, 0, 1, 0xe0]), i + 4)) pes.push(i);
    expect(pes).toHaveLength(3);
    expect(out[pes[0] + 7]).toBe(0x80);
    expect(out[pes[1] + 7]).toBe(0);
    expect(out.length).toBe(14 + 14 + 9 * 2 + big.length);
  });

  it('puts PTS and DTS when they differ, and 33-bit timestamps wrap', () => {
    const out = new PsMuxer({ video: 'h264' }).video({ data: Buffer.from([0, 0, 0, 1, 0x41, 0x9a]), pts: 2 ** 33 + 7200, dts: 3600, keyframe: false });
    expect(out[14 + 7]).toBe(0xc0);
    expect(readPesTimestamp(out, 14 + 9)).toBe(7200);
    expect(readPesTimestamp(out, 14 + 14)).toBe(3600);
  });
});

describe('PsMuxer output judged by ffprobe and ffmpeg', () => {
  it('is read as H.264 640x360 at 25 fps, 250 frames, and decodes without errors', async () => {
    const file = join(dir, 'baseline.ps');
    writeFileSync(file, Buffer.concat(psPackets('h264Baseline')));
    const info = await ffprobeVideo(file);
    expect(info).toMatchObject({ codec_name: 'h264', width: '640', height: '360', r_frame_rate: '25/1', nb_read_frames: '250' });
    const dec = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(dec.code).toBe(0);
    expect(dec.stderr).toBe('');
  });

  it('is read as HEVC 640x360 for the H.265 clip (stream_type 0x24)', async () => {
    const file = join(dir, 'main.ps');
    writeFileSync(file, Buffer.concat(psPackets('h265Main')));
    expect(await ffprobeVideo(file)).toMatchObject({ codec_name: 'hevc', width: '640', height: '360', nb_read_frames: '250' });
    const dec = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(dec.stderr).toBe('');
  });

  it('interleaves G.711A audio PES (id 0xC0) without disturbing the video', async () => {
    // Debian's ffmpeg 5.1 does not know the GB stream_type 0x90 and reads stream 0xC0 as MPEG audio, so ffmpeg
    // can only judge the video here; ps-demux tests check that the audio comes back as G.711A.
    const c = clip('h264High');
    const audio = loadG711Clip();
    const mux = new PsMuxer({ video: 'h264', audio: 'g711a' });
    const parts: Buffer[] = [];
    c.frames.forEach((f, i) => {
      parts.push(mux.video(f));
      if (audio[i]) parts.push(mux.audio(audio[i]));
    });
    const file = join(dir, 'av.ps');
    writeFileSync(file, Buffer.concat(parts));
    const r = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,id', '-of', 'csv=p=0', file]);
    expect(r.stdout.trim().split('\n').sort()).toEqual(['video,0x1e0', 'audio,0x1c0'].sort());
    expect(await ffprobeVideo(file)).toMatchObject({ codec_name: 'h264', width: '640', height: '360', nb_read_frames: '250' });
    const dec = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'null', '-']);
    expect(dec.stderr).toBe('');
  });
});
