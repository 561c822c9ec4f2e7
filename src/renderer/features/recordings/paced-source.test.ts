import { describe, expect, it } from 'vitest';
import type { DecodedMediaFrame } from '../../../shared/media-frames';
import type { FrameSource, FrameSourceEnd } from '../live/frame-source';
import { PacedFrameSource } from './paced-source';

class ManualSource implements FrameSource {
  badMessages = 0;
  cb: (f: DecodedMediaFrame) => void = () => undefined;
  onFrame(cb: (f: DecodedMediaFrame) => void) {
    this.cb = cb;
  }
  onEnd(_cb: (end: FrameSourceEnd) => void) {}
  close() {}
}

const frame = (pts: number, extra: Partial<DecodedMediaFrame> = {}): DecodedMediaFrame => ({
  version: 1, codec: 'h264', keyframe: false, configChanged: false, discontinuity: false, sequence: 0, pts, width: 0, height: 0, codecString: '', data: new Uint8Array(1), ...extra,
});

function setup(startUnix: number) {
  let t = 0;
  const timers = { now: () => t, setTimeout: () => 0, clearTimeout: () => undefined };
  const inner = new ManualSource();
  const src = new PacedFrameSource(inner, startUnix, timers);
  const shown: number[] = [];
  src.onFrame((f) => shown.push(f.pts));
  return { inner, src, shown, tick: (ms: number) => (t += ms) };
}

describe('PacedFrameSource', () => {
  it('tells the recording time of the frame on screen from the start asked for', () => {
    const s = setup(1_000_000);
    expect(s.src.position()).toBeNull();
    s.inner.cb(frame(0));
    expect(s.src.position()).toBe(1_000_000);
    s.tick(2000);
    s.inner.cb(frame(2 * 90_000));
    expect(s.src.position()).toBe(1_000_002);
  });

  it('after a seek drops frames from before it until the flagged one, then counts from the target', () => {
    const s = setup(1_000_000);
    s.inner.cb(frame(0));
    s.src.seek(1_000_600);
    expect(s.src.position()).toBe(1_000_600);
    s.inner.cb(frame(3600));
    expect(s.shown).toEqual([0]);
    s.tick(500);
    s.inner.cb(frame(45_000, { discontinuity: true, keyframe: true }));
    expect(s.shown).toEqual([0, 45_000]);
    expect(s.src.position()).toBe(1_000_600);
    s.tick(1000);
    s.inner.cb(frame(135_000));
    expect(s.src.position()).toBe(1_000_601);
  });

  it('a flagged frame still from before the seek is followed by the jump to the target, which re-anchors', () => {
    const s = setup(1_000_000);
    s.inner.cb(frame(0));
    s.src.seek(1_000_600);
    s.inner.cb(frame(3600, { discontinuity: true }));
    s.tick(40);
    s.inner.cb(frame(600 * 90_000, { keyframe: true }));
    expect(s.src.position()).toBe(1_000_600);
    s.tick(1000);
    s.inner.cb(frame(601 * 90_000));
    expect(s.src.position()).toBe(1_000_601);
  });

  it('takes frames again after a seek the server did not flag, once it has settled', () => {
    const s = setup(0);
    s.inner.cb(frame(0));
    s.src.seek(100);
    s.tick(2500);
    s.inner.cb(frame(90_000));
    expect(s.shown).toEqual([0, 90_000]);
    expect(s.src.position()).toBe(100);
  });
});
