// H.265 recording judged by ffprobe: a clip made by ffmpeg/libx265 (Annex B, as cameras send it) goes through
// Mp4Recorder frame by frame, and ffprobe must read and decode every picture of the file.
import { beforeAll, describe, expect, it } from 'vitest';
import { splitNalUnits } from './annexb';
import { buildHvcC, findHevcParameterSets, hevcCodecString, hevcNalType, isHevcKeyNal, readHevcSps } from './hevc-config';
import { Mp4Recorder, type RecordableFrame } from './mp4-recorder';

// Renderer code is typed without Node; the test reaches Node by names the type checker does not follow.
interface Node {
  execFileSync(cmd: string, args: string[], o?: { encoding: 'utf8' }): string;
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
  mkdtempSync(prefix: string): string;
  tmpdir(): string;
}
const load = async (): Promise<Node> => {
  const [cp, fs, os] = await Promise.all(['node:child_process', 'node:fs', 'node:os'].map((m) => import(m as string)));
  return { execFileSync: cp.execFileSync, readFileSync: fs.readFileSync, writeFileSync: fs.writeFileSync, mkdtempSync: fs.mkdtempSync, tmpdir: os.tmpdir };
};

const FRAMES = 60;
let node: Node;
let dir: string;
let clip: Uint8Array;

beforeAll(async () => {
  node = await load();
  dir = node.mkdtempSync(`${node.tmpdir()}/gb-hevc-mp4-`);
  // Keyframe every 25, no B-frames, parameter sets at every keyframe, AUDs: as a camera's main stream.
  node.execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=352x288:rate=25`, '-frames:v', String(FRAMES)],
    ...['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-x265-params', 'keyint=25:min-keyint=25:bframes=0:repeat-headers=1:aud=1:log-level=error'],
    ...['-f', 'hevc', `${dir}/clip.h265`],
  ]);
  clip = new Uint8Array(node.readFileSync(`${dir}/clip.h265`));
});

/** Access units: each starts at an access unit delimiter (NAL type 35). */
function accessUnits(data: Uint8Array): RecordableFrame[] {
  const units: Uint8Array[][] = [];
  for (const n of splitNalUnits(data)) {
    if (hevcNalType(n) === 35 || units.length === 0) units.push([]);
    units.at(-1)!.push(n);
  }
  return units.map((nals, i) => ({
    data: Uint8Array.from(nals.flatMap((n) => [0, 0, 0, 1, ...n])),
    keyframe: nals.some(isHevcKeyNal),
    discontinuity: false,
    pts: 900_000 + i * 3600,
    width: 0,
    height: 0,
    codecString: '',
    codec: 'h265',
  }));
}

function ffprobe(file: string): Record<string, string> {
  const out = node.execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,codec_tag_string,width,height,nb_read_frames,nb_frames,avg_frame_rate', '-of', 'json', file], { encoding: 'utf8' });
  return JSON.parse(out).streams[0];
}

describe('Mp4Recorder with H.265', () => {
  it('reads the SPS of the clip: Main profile, level, 352x288, 8 bits 4:2:0', () => {
    const units = accessUnits(clip);
    expect(units).toHaveLength(FRAMES);
    const ps = findHevcParameterSets(splitNalUnits(units[0].data));
    expect(ps.vps.length + ps.sps.length + ps.pps.length).toBe(3);
    expect(readHevcSps(ps.sps[0])).toMatchObject({ profileIdc: 1, tierFlag: 0, chromaFormatIdc: 1, width: 352, height: 288, bitDepthLuma: 8, bitDepthChroma: 8 });
    expect(hevcCodecString(ps.sps[0])).toMatch(/^hvc1\.1\.6\.L\d+\.[0-9A-F]/);
    const hvcC = buildHvcC(ps)!;
    expect([hvcC[0], hvcC[1], hvcC[21] & 3, hvcC[22]]).toEqual([1, 1, 3, 3]); // version, Main, 4-byte lengths, 3 arrays
  });

  it('records every access unit into an MP4 that ffprobe reads as hvc1 352x288 and decodes in full', async () => {
    const rec = new Mp4Recorder(new Date());
    // Joined mid-stream: frames before the first keyframe are left out.
    const units = accessUnits(clip);
    for (const f of units.slice(20)) expect(rec.push(f)).toBe('ok');
    const blob = rec.finish();
    expect(blob).not.toBeNull();
    const file = `${dir}/recorded.mp4`;
    node.writeFileSync(file, new Uint8Array(await blob!.arrayBuffer()));
    const probe = ffprobe(file);
    expect(probe).toMatchObject({ codec_name: 'hevc', codec_tag_string: 'hvc1', width: 352, height: 288, avg_frame_rate: '25/1' });
    expect(Number(probe.nb_read_frames)).toBe(FRAMES - 25);
    expect(rec.frames).toBe(FRAMES - 25);
  });

  it('asks to finish when the stream changes from H.265 to H.264', () => {
    const rec = new Mp4Recorder(new Date());
    const [first] = accessUnits(clip);
    expect(rec.push(first)).toBe('ok');
    expect(rec.push({ ...first, codec: 'h264' })).toBe('format-changed');
  });
});
