import { describe, expect, it } from 'vitest';
import { runTool } from '../../main/media/testing/tools';
import { videoClip } from './clips';
import { GopSequence, type GopPicture } from './gop';

const h264 = videoClip('h264Baseline');

function take(s: GopSequence, n: number): GopPicture[] {
  return Array.from({ length: n }, () => s.next());
}

const keyIndexes = (pics: GopPicture[]) => pics.flatMap((p, i) => (p.keyframe ? [i] : []));

/** ffmpeg's per-frame MD5s of a raw H.264 stream; fails on any decoder complaint. */
async function decodedMd5s(pics: GopPicture[]): Promise<string[]> {
  const r = await runTool('ffmpeg', ['-v', 'error', '-f', 'h264', '-i', 'pipe:0', '-f', 'framemd5', 'pipe:1'], Buffer.concat(pics.map((p) => p.data)));
  expect(r.stderr.trim()).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').at(-1)!.trim());
}

describe('a live GOP built from the clip', () => {
  it('a 4 s GOP holds the clip picture with skip pictures: a keyframe every 100 frames, and ffmpeg decodes every frame', async () => {
    const pics = take(new GopSequence(h264, 100), 250);
    expect(keyIndexes(pics)).toEqual([0, 100, 200]);
    const md5 = await decodedMd5s(pics);
    expect(md5).toHaveLength(250);
    // a skip picture repeats the picture before it; the clip's own pictures still change it
    expect(md5[1]).toBe(md5[0]);
    expect(md5[2]).not.toBe(md5[1]);
    expect(md5[99]).toBe(md5[98]);
  });

  it('decodes the clip pictures exactly as the clip itself does', async () => {
    const clipMd5 = await decodedMd5s(h264.frames.slice(0, 3).map((f) => ({ ...f, forced: false })));
    const md5 = await decodedMd5s(take(new GopSequence(h264, 50), 5));
    expect([md5[0], md5[2], md5[4]]).toEqual(clipMd5);
  });

  it('a GOP shorter than the clip\'s cuts it short', async () => {
    const pics = take(new GopSequence(h264, 10), 35);
    expect(keyIndexes(pics)).toEqual([0, 10, 20, 30]);
    expect(await decodedMd5s(pics)).toHaveLength(35);
  });

  it('the clip\'s own GOP from frame 0 is the clip, frame for frame', () => {
    const pics = take(new GopSequence(h264, 25), 260);
    pics.forEach((p, i) => expect(p.data).toBe(h264.frames[i % 250].data));
  });

  it('a stream started mid-GOP reaches its first keyframe at the end of that GOP', () => {
    const pics = take(new GopSequence(h264, 100, 37), 200);
    expect(keyIndexes(pics)).toEqual([63, 163]);
  });

  it('a requested keyframe comes next, is flagged forced, and the GOP counts again from it', async () => {
    const s = new GopSequence(h264, 100, 37);
    const before = take(s, 5);
    s.forceKeyframe();
    const after = take(s, 150);
    expect(keyIndexes(before)).toEqual([]);
    expect(after[0]).toMatchObject({ keyframe: true, forced: true });
    expect(keyIndexes(after)).toEqual([0, 100]);
    expect(after[100].forced).toBe(false);
    expect(await decodedMd5s(after)).toHaveLength(150);
  });

  it('a clip that cannot be stretched (CABAC, H.265) keeps its own GOP', () => {
    const s = new GopSequence(videoClip('h265Main'), 100);
    expect(s.capped).toBe(true);
    expect(s.gopFrames).toBe(25);
    expect(keyIndexes(take(s, 60))).toEqual([0, 25, 50]);
    expect(new GopSequence(videoClip('h264High'), 100).gopFrames).toBe(25);
  });
});
