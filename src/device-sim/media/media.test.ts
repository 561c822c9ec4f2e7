import { describe, expect, it } from 'vitest';
import { parseRtp } from '../../main/media/rtp/rtp-header';
import { videoClip } from './clips';
import { FaultyOutput } from './faults';
import { parseMansrtsp } from './mansrtsp';
import type { RtpSink } from './sinks';
import { MediaStreamer } from './streamer';

function seq(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from([i]));
}

function scripted(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('MANSRTSP', () => {
  it('reads PAUSE, PLAY with Range and Scale, and TEARDOWN', () => {
    expect(parseMansrtsp('PAUSE RTSP/1.0\r\nCSeq: 3\r\nPauseTime: now\r\n\r\n')).toEqual({ ok: true, command: { method: 'PAUSE', cseq: 3 } });
    expect(parseMansrtsp('PLAY RTSP/1.0\r\nCSeq: 4\r\nRange: npt=now-\r\n')).toEqual({ ok: true, command: { method: 'PLAY', cseq: 4 } });
    expect(parseMansrtsp('PLAY RTSP/1.0\r\nCSeq: 5\r\nRange: npt=120.5-\r\nScale: -1.0\r\n')).toEqual({
      ok: true,
      command: { method: 'PLAY', cseq: 5, rangeStartSec: 120.5, scale: -1 },
    });
    expect(parseMansrtsp('TEARDOWN RTSP/1.0\nCSeq: 6\n')).toMatchObject({ ok: true, command: { method: 'TEARDOWN' } });
  });

  it('refuses what it cannot act on, naming the fault', () => {
    expect(parseMansrtsp('GET / HTTP/1.1')).toMatchObject({ ok: false, reason: expect.stringMatching(/request line/) });
    expect(parseMansrtsp('PLAY RTSP/1.0\r\nScale: 0\r\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/Scale/) });
    expect(parseMansrtsp('PLAY RTSP/1.0\r\nRange: clock=1-\r\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/npt/) });
  });
});

describe('RTP faults', () => {
  it('passes packets untouched without faults', () => {
    const out = new FaultyOutput({});
    const p = seq(5);
    expect(out.apply(p)).toBe(p);
  });

  it('drops packets whose draw falls under the share', () => {
    const out = new FaultyOutput({ dropPercent: 50 }, scripted([0.1, 0.9, 0.1, 0.9]));
    expect(out.apply(seq(4)).map((b) => b[0])).toEqual([1, 3]);
    expect(out.dropped).toBe(2);
  });

  it('holds a packet back and sends it after the next one, also across batches', () => {
    const out = new FaultyOutput({ reorderPercent: 10 }, scripted([0.5, 0.05, 0.5, 0.05]));
    expect(out.apply(seq(3)).map((b) => b[0])).toEqual([0, 2, 1]);
    expect(out.apply([Buffer.from([9])]).map((b) => b[0])).toEqual([9]);
    expect(out.apply([Buffer.from([10])])).toEqual([]);
    expect(out.flush().map((b) => b[0])).toEqual([10]);
    expect(out.reordered).toBe(2);
  });
});

class MemorySink implements RtpSink {
  readonly kind = 'udp' as const;
  readonly localPort = 0;
  bytesSent = 0;
  readonly packets: Buffer[] = [];
  ready() {
    return Promise.resolve();
  }
  send(p: Buffer[]) {
    this.packets.push(...p);
  }
  close() {}
  onClosed() {}
}

describe('MediaStreamer', () => {
  it('cuts each frame into packets of at most 1400 bytes sharing one timestamp, marker on the last', async () => {
    const sink = new MemorySink();
    const clip = videoClip('h264Baseline');
    let s!: MediaStreamer;
    await new Promise<void>((resolve) => {
      s = new MediaStreamer({ clip, ssrc: 42, mode: 'download', durationSec: 2, speed: 8, sink, onEnd: resolve });
      s.start();
    });
    const pkts = sink.packets.map((p) => parseRtp(p)!);
    expect(new Set(pkts.map((p) => p.timestamp)).size).toBe(50);
    expect(pkts.every((p) => p.payload.length <= 1400 && p.ssrc === 42 && p.payloadType === 96)).toBe(true);
    for (let i = 0; i + 1 < pkts.length; i++) expect(pkts[i].marker).toBe(pkts[i + 1].timestamp !== pkts[i].timestamp);
    expect(pkts[pkts.length - 1].marker).toBe(true);
    expect(s.snapshot()).toMatchObject({ frames: 50, ended: true, positionSec: 2 });
  });

  it('seeks to the keyframe at or before the asked second', () => {
    const s = new MediaStreamer({ clip: videoClip('h264Baseline'), ssrc: 1, mode: 'playback', durationSec: 60, sink: new MemorySink() });
    s.seek(3.5);
    expect(s.snapshot().positionSec).toBe(3);
    s.seek(12);
    expect(s.snapshot().positionSec).toBe(12);
  });

  it('muxes H.265 with stream type 0x24 and G.711A audio with 0x90 in the PSM', () => {
    const sink = new MemorySink();
    const s = new MediaStreamer({ clip: videoClip('h265Main'), audio: [{ data: Buffer.alloc(320, 0xd5), pts: 0 }], ssrc: 1, mode: 'live', sink });
    s.start();
    s.stop();
    const ps = Buffer.concat(sink.packets.map((p) => parseRtp(p)!.payload));
    const psm = ps.indexOf(Buffer.from([0, 0, 1, 0xbc]));
    expect(ps[psm + 12]).toBe(0x24);
    expect(ps[psm + 16]).toBe(0x90);
    expect(ps.indexOf(Buffer.from([0, 0, 1, 0xc0]))).toBeGreaterThan(0);
  });
});
