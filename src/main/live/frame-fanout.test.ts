import { describe, expect, it } from 'vitest';
import { decodeFrame, type DecodedMediaFrame } from '../../shared/media-frames';
import { FrameFanout, type FanoutFrame, type FrameSink } from './frame-fanout';
import { PtsUnwrapper } from './pts-unwrap';

/** A sink whose queue the test drains by hand: bufferedAmount = bytes sent and not yet drained. */
class QueueSink implements FrameSink {
  queued: Uint8Array[] = [];
  delivered: DecodedMediaFrame[] = [];
  closed: { code: number; reason: string } | undefined;
  get bufferedAmount(): number {
    return this.queued.reduce((n, m) => n + m.length, 0);
  }
  send(message: Uint8Array): void {
    this.queued.push(message);
  }
  drain(): void {
    for (const m of this.queued.splice(0)) {
      const r = decodeFrame(m);
      if (!r.ok) throw new Error(r.reason);
      this.delivered.push(r.frame);
    }
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
}

const frame = (i: number, size = 1000, gop = 25): FanoutFrame => ({
  codec: 'h264',
  data: new Uint8Array(size).fill(i & 0xff),
  pts: i * 3600,
  keyframe: i % gop === 0,
  width: 640,
  height: 360,
  codecString: 'avc1.42C01E',
});

describe('FrameFanout', () => {
  it('gives a joining viewer the current GOP from its keyframe, then every frame, in sequence', () => {
    const f = new FrameFanout();
    for (let i = 0; i < 30; i++) f.push(frame(i));
    const sink = new QueueSink();
    f.subscribe(sink);
    for (let i = 30; i < 35; i++) f.push(frame(i));
    sink.drain();
    expect(sink.delivered.map((d) => d.sequence)).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33, 34]);
    expect(sink.delivered[0]).toMatchObject({ keyframe: true, configChanged: true, discontinuity: false, pts: 90000, codecString: 'avc1.42C01E', width: 640 });
    expect(sink.delivered.slice(1).every((d) => !d.configChanged && !d.keyframe && !d.discontinuity)).toBe(true);
  });

  it('a viewer that joins before any keyframe waits for one', () => {
    const f = new FrameFanout();
    const sink = new QueueSink();
    f.subscribe(sink);
    for (let i = 1; i <= 25; i++) f.push(frame(i));
    sink.drain();
    expect(sink.delivered.map((d) => d.sequence)).toEqual([24]);
    expect(sink.delivered[0].keyframe).toBe(true);
  });

  it('a slow viewer misses frames until the next keyframe, which is flagged as a discontinuity', () => {
    const f = new FrameFanout({ maxBufferedBytes: 5000 });
    const slow = new QueueSink();
    const fast = new QueueSink();
    f.subscribe(slow);
    f.subscribe(fast);
    for (let i = 0; i < 60; i++) {
      f.push(frame(i));
      fast.drain();
      if (i === 10 || i === 40) slow.drain();
    }
    slow.drain();
    expect(fast.delivered).toHaveLength(60);
    // each message is 1039 bytes: five fit under 5000 queued bytes; then nothing until a keyframe finds room
    const seqs = slow.delivered.map((d) => d.sequence);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 25, 26, 27, 28, 29, 50, 51, 52, 53, 54]);
    for (const k of [25, 50]) expect(slow.delivered.find((d) => d.sequence === k)).toMatchObject({ keyframe: true, discontinuity: true, configChanged: false });
    expect(slow.delivered.filter((d) => d.discontinuity)).toHaveLength(2);
    expect(f.dropped).toBeGreaterThan(0);
  });

  it('never queues more than the threshold plus one frame for a viewer that never reads', () => {
    const f = new FrameFanout({ maxBufferedBytes: 64 * 1024 });
    const stuck = new QueueSink();
    f.subscribe(stuck);
    for (let i = 0; i < 2000; i++) f.push(frame(i, 3000));
    expect(stuck.bufferedAmount).toBeLessThanOrEqual(64 * 1024 + 3100);
  });

  it('does not cache a GOP larger than its limit: a new viewer then starts at the next keyframe', () => {
    const f = new FrameFanout({ gopCacheBytes: 10_000 });
    for (let i = 0; i < 20; i++) f.push(frame(i));
    const sink = new QueueSink();
    f.subscribe(sink);
    f.push(frame(20));
    f.push(frame(25));
    sink.drain();
    expect(sink.delivered.map((d) => d.sequence)).toEqual([21]);
  });

  it('flags a change of resolution or codec string to each viewer once', () => {
    const f = new FrameFanout();
    const sink = new QueueSink();
    f.subscribe(sink);
    f.push(frame(0));
    f.push({ ...frame(25), width: 1280, height: 720 });
    f.push({ ...frame(26), width: 1280, height: 720 });
    sink.drain();
    expect(sink.delivered.map((d) => d.configChanged)).toEqual([true, true, false]);
  });

  it('closes every viewer with the reason and ignores later frames; a throwing sink is dropped', () => {
    const f = new FrameFanout();
    const a = new QueueSink();
    const broken: FrameSink = {
      bufferedAmount: 0,
      send: () => {
        throw new Error('gone');
      },
      close: () => {},
    };
    f.subscribe(a);
    f.subscribe(broken);
    f.push(frame(0));
    expect(f.viewerCount).toBe(1);
    f.close(4000, 'camera stopped');
    f.push(frame(1));
    expect(a.closed).toEqual({ code: 4000, reason: 'camera stopped' });
    expect(a.queued).toHaveLength(1);
    expect(f.viewerCount).toBe(0);
  });
});

describe('PtsUnwrapper', () => {
  it('counts from 0 across the 33-bit PS wrap and allows small steps back', () => {
    const u = new PtsUnwrapper(33);
    const top = 2 ** 33;
    expect(u.next(top - 3600)).toBe(0);
    expect(u.next(0)).toBe(3600);
    expect(u.next(3600)).toBe(7200);
    expect(u.next(0)).toBe(3600);
    const r = new PtsUnwrapper(32);
    expect(r.next(2 ** 32 - 1)).toBe(0);
    expect(r.next(1)).toBe(2);
  });
});
