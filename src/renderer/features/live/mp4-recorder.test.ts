import { describe, expect, it } from 'vitest';
import { Mp4Recorder, type RecordableFrame } from './mp4-recorder';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const SPS = hex('6742c01ed900a02ff97011000003000100000300320f162e48');
const PPS = hex('68cb8cb2');
const AVCC = '0142c01effe100196742c01ed900a02ff97011000003000100000300320f162e4801000468cb8cb2';
const SC = [0, 0, 0, 1];

function frame(i: number, key: boolean, extra: Partial<RecordableFrame> = {}): RecordableFrame {
  const slice = key ? [0x65, 0x88, 0x80, i & 0xff] : [0x41, 0x9a, 0x00, i & 0xff];
  const data = key ? [...SC, 0x09, 0xf0, ...SC, ...SPS, ...SC, ...PPS, ...SC, ...slice] : [...SC, 0x09, 0xf0, ...SC, ...slice];
  return { data: Uint8Array.from(data), keyframe: key, discontinuity: false, pts: 1_000_000 + i * 3600, width: 640, height: 360, codecString: 'avc1.42C01E', ...extra };
}

/** Finds the first box of a type anywhere in an MP4 (walks container boxes). */
function findBox(buf: Uint8Array, type: string, from = 0, to = buf.length): Uint8Array | null {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'avc1']);
  for (let at = from; at + 8 <= to; ) {
    const size = v.getUint32(at);
    const name = String.fromCharCode(...buf.subarray(at + 4, at + 8));
    if (size < 8) return null;
    if (name === type) return buf.subarray(at + 8, at + size);
    if (containers.has(name)) {
      // stsd has a 8-byte header before its entries, avc1 a 78-byte visual sample entry.
      const skip = name === 'stsd' ? 8 : name === 'avc1' ? 78 : 0;
      const hit = findBox(buf, type, at + 8 + skip, at + size);
      if (hit) return hit;
    }
    at += size;
  }
  return null;
}

const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at);
const toHex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');

async function record(frames: RecordableFrame[]): Promise<{ mp4: Uint8Array; rec: Mp4Recorder }> {
  const rec = new Mp4Recorder(new Date());
  for (const f of frames) expect(rec.push(f)).toBe('ok');
  const blob = rec.finish();
  expect(blob).not.toBeNull();
  return { mp4: new Uint8Array(await blob!.arrayBuffer()), rec };
}

describe('Mp4Recorder', () => {
  it('starts at the first keyframe, puts SPS/PPS in avcC and writes every later frame as a sample', async () => {
    const frames = [frame(0, false), frame(1, false), ...Array.from({ length: 50 }, (_, i) => frame(i + 2, (i + 2) % 25 === 2))];
    const { mp4, rec } = await record(frames);
    expect(String.fromCharCode(...mp4.subarray(4, 8))).toBe('ftyp');
    expect(toHex(findBox(mp4, 'avcC')!)).toBe(AVCC);
    const stsz = findBox(mp4, 'stsz')!;
    expect(u32(stsz, 8)).toBe(50); // sample_count
    // Samples are length-prefixed slices only: the AUD and the parameter sets are gone.
    expect(u32(stsz, 12)).toBe(8);
    const stss = findBox(mp4, 'stss')!;
    expect(u32(stss, 4)).toBe(2);
    expect([u32(stss, 8), u32(stss, 12)]).toEqual([1, 26]);
    expect(rec.frames).toBe(50);
  });

  it('keeps the 40 ms spacing of 25 fps (stts), the last sample repeating the one before', async () => {
    const { mp4 } = await record(Array.from({ length: 10 }, (_, i) => frame(i, i === 0)));
    const stts = findBox(mp4, 'stts')!;
    const timescale = u32(findBox(mp4, 'mdhd')!, 12);
    expect(u32(stts, 4)).toBe(1); // one run
    expect(u32(stts, 8)).toBe(10);
    expect((u32(stts, 12) / timescale) * 1000).toBeCloseTo(40, 3);
  });

  it('after a gap waits for the next keyframe', async () => {
    const frames = [frame(0, true), frame(1, false), frame(5, false, { discontinuity: true }), frame(6, false), frame(7, true), frame(8, false)];
    const { rec } = await record(frames);
    expect(rec.frames).toBe(4);
  });

  it('asks to finish when the parameter sets change, and records nothing without a keyframe', () => {
    const rec = new Mp4Recorder(new Date());
    expect(rec.push(frame(0, true))).toBe('ok');
    const other = frame(25, true);
    other.data[other.data.indexOf(0x1e)] = 0x1f; // level 3.1 in the SPS
    expect(rec.push(other)).toBe('format-changed');
    expect(rec.finish()).not.toBeNull();

    const none = new Mp4Recorder(new Date());
    expect(none.push(frame(1, false))).toBe('ok');
    expect(none.waitingForKeyframe).toBe(true);
    expect(none.finish()).toBeNull();
  });

  it('stops at its size limit', () => {
    const rec = new Mp4Recorder(new Date(), 30);
    const results = Array.from({ length: 10 }, (_, i) => rec.push(frame(i, i === 0)));
    expect(results).toContain('size-limit');
  });
});
