import { describe, expect, it } from 'vitest';
import { splitNalUnits } from '../annexb/nal-split';
import type { MediaFrame } from '../frame/types';
import { parseRtp } from '../rtp/rtp-header';
import { clip } from '../testing/media-fixtures';
import { RawRtpDepacketizer } from './raw-rtp-depacketizer';
import { RawRtpPacketizer } from './raw-rtp-packetizer';

const nalsOf = (b: Buffer) => splitNalUnits(b).map((n) => n.toString('hex'));

function packetsOf(name: 'h264Baseline' | 'h264High' | 'h265Main') {
  const c = clip(name);
  const pk = new RawRtpPacketizer({ codec: c.codec, ssrc: 42, sequenceNumber: 65500 });
  return c.frames.map((f) => pk.packetize(f.data, f.pts + 0xfffff000));
}

describe('RawRtpDepacketizer', () => {
  for (const name of ['h264Baseline', 'h264High', 'h265Main'] as const) {
    it(`rebuilds every access unit of ${name} from single NAL, aggregation and fragmentation packets`, () => {
      const c = clip(name);
      const perFrame = packetsOf(name);
      const all = perFrame.flat().map((b) => parseRtp(b)!);
      const types = new Set(all.map((p) => (c.codec === 'h264' ? p.payload[0] & 0x1f : (p.payload[0] >> 1) & 0x3f)));
      expect(types).toContain(c.codec === 'h264' ? 24 : 48);
      expect(types).toContain(c.codec === 'h264' ? 28 : 49);
      expect(all[0].payloadType).toBe(c.codec === 'h264' ? 98 : 100);
      expect(all.every((p) => p.payload.length <= 1400)).toBe(true);
      const frames: MediaFrame[] = [];
      const d = new RawRtpDepacketizer({ codec: c.codec, onFrame: (f) => frames.push(f) });
      for (const p of all) d.push(p);
      expect(frames).toHaveLength(250);
      frames.forEach((f, i) => {
        expect(nalsOf(f.data)).toEqual(nalsOf(c.frames[i].data));
        expect(f.keyframe).toBe(c.frames[i].keyframe);
      });
      expect(frames[0]).toMatchObject({ width: 640, height: 360, codec: c.codec });
      // timestamps unwrap past 2^32
      expect(frames[249].pts - frames[0].pts).toBe(249 * 3600);
    });
  }

  it('drops the frame whose fragment was lost and resumes at the next keyframe', () => {
    const c = clip('h264Baseline');
    const perFrame = packetsOf('h264Baseline');
    const frames: MediaFrame[] = [];
    const d = new RawRtpDepacketizer({ codec: 'h264', onFrame: (f) => frames.push(f) });
    perFrame.forEach((pkts, i) => {
      pkts.forEach((b, j) => {
        if (i === 30 && j === 1) return d.discontinuity(); // the receiver saw a sequence gap
        d.push(parseRtp(b)!);
      });
    });
    expect(frames).toHaveLength(250 - (50 - 30));
    expect(nalsOf(frames[30].data)).toEqual(nalsOf(c.frames[50].data));
    expect(d.stats.framesSkipped).toBe(19);
  });

  it('counts a fragment without its start as broken instead of emitting garbage', () => {
    const frames: MediaFrame[] = [];
    const d = new RawRtpDepacketizer({ codec: 'h265', onFrame: (f) => frames.push(f), waitForKeyframe: false });
    const fuMiddle = Buffer.from([49 << 1, 1, 0x01, 1, 2, 3]);
    d.push({ ...parseRtp(Buffer.concat([Buffer.from([0x80, 100, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), fuMiddle]))! });
    d.flush();
    expect(frames).toHaveLength(0);
    expect(d.stats.brokenPayloads).toBe(1);
  });
});
