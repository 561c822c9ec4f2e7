import { describe, expect, it } from 'vitest';
import { PlayerClock, type ClockTimers } from './player-clock';

/** A clock the test moves by hand. */
class FakeTimers implements ClockTimers {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers.delete(h as number);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
}

const FPS = 25;
const TICKS_PER_FRAME = 90_000 / FPS;

/** A clock whose releases are recorded as [wall ms, pts]. */
function setup() {
  const timers = new FakeTimers();
  const released: [number, number][] = [];
  const clock = new PlayerClock<string>((_item, pts) => released.push([timers.t, pts]), timers);
  return { timers, released, clock };
}

/**
 * The device sends `seconds` of media (original timestamps) at `sendRate` times real time, in 10 ms steps of the
 * wall clock; the test then lets the clock run out.
 */
function deviceSends(s: ReturnType<typeof setup>, seconds: number, sendRate: number, firstPts = 0): void {
  const frames = seconds * FPS;
  let sent = 0;
  while (sent < frames) {
    const shouldHave = Math.min(frames, Math.floor(((s.timers.t / 1000) * sendRate * FPS)) + 1);
    while (sent < shouldHave) {
      s.clock.push(firstPts + sent * TICKS_PER_FRAME, `f${sent}`);
      sent++;
    }
    s.timers.advance(10);
  }
  s.timers.advance(60_000);
}

const wallSpan = (released: [number, number][]) => released[released.length - 1][0] - released[0][0];

describe('PlayerClock', () => {
  it('plays 10 s of recording in about 5 s at scale 2, though the device keeps the original timestamps', () => {
    const s = setup();
    s.clock.setScale(2);
    deviceSends(s, 10, 2);
    expect(s.released).toHaveLength(250);
    expect(wallSpan(s.released)).toBeGreaterThan(4_900);
    expect(wallSpan(s.released)).toBeLessThan(5_100);
  });

  it('paces a device that bursts frames faster than the scale: scale 1 takes 10 s, scale 4 takes 2.5 s', () => {
    for (const [scale, wall] of [
      [1, 10_000],
      [4, 2_500],
    ]) {
      const s = setup();
      s.clock.setScale(scale);
      // The device sends 10 s of media at 8x.
      deviceSends(s, 10, 8);
      expect(s.released).toHaveLength(250);
      expect(Math.abs(wallSpan(s.released) - (wall - (1000 / FPS) / scale))).toBeLessThan(50);
    }
  });

  it('plays slower than real time at 1/4x (frames held, released every 160 ms)', () => {
    const s = setup();
    s.clock.setScale(0.25);
    for (let i = 0; i < 50; i++) s.clock.push(i * TICKS_PER_FRAME, `f${i}`);
    s.timers.advance(60_000);
    expect(s.released).toHaveLength(50);
    expect(s.released[1][0] - s.released[0][0]).toBe(160);
    expect(wallSpan(s.released)).toBe(49 * 160);
  });

  it('never plays faster than the device sends: a device ignoring Scale 2 plays at its own pace', () => {
    const s = setup();
    s.clock.setScale(2);
    deviceSends(s, 4, 1);
    expect(s.released).toHaveLength(100);
    expect(wallSpan(s.released)).toBeGreaterThan(3_900);
  });

  it('changing the speed mid-way applies from the frame on screen', () => {
    const s = setup();
    for (let i = 0; i < 100; i++) s.clock.push(i * TICKS_PER_FRAME, `f${i}`);
    s.timers.advance(1_000); // 1 s of media at 1x: frames 0..25
    expect(s.released).toHaveLength(26);
    s.clock.setScale(4);
    s.timers.advance(60_000);
    expect(s.released).toHaveLength(100);
    // The other 74 frames (2.96 s of media) in 0.74 s.
    expect(s.released[99][0]).toBe(1_000 + 740);
  });

  it('holds frames while paused and resumes where it stopped', () => {
    const s = setup();
    for (let i = 0; i < 50; i++) s.clock.push(i * TICKS_PER_FRAME, `f${i}`);
    s.timers.advance(400);
    const before = s.released.length;
    s.clock.pause();
    s.timers.advance(5_000);
    expect(s.released.length).toBe(before);
    expect(s.clock.paused).toBe(true);
    s.clock.push(50 * TICKS_PER_FRAME, 'f50');
    expect(s.released.length).toBe(before);
    s.clock.resume();
    s.timers.advance(60_000);
    expect(s.released).toHaveLength(51);
    // The pause adds exactly its own length.
    expect(s.released[50][0]).toBe(5_000 + 50 * 40);
  });

  it('drops audio above 1x and keeps it at 1x and below', () => {
    const s = setup();
    s.clock.push(0, 'v0');
    s.clock.push(0, 'a0', true);
    expect(s.released).toHaveLength(2);
    s.clock.setScale(2);
    s.clock.push(TICKS_PER_FRAME, 'a1', true);
    s.clock.push(TICKS_PER_FRAME, 'v1');
    s.timers.advance(1_000);
    expect(s.released).toHaveLength(3);
    expect(s.clock.droppedAudio).toBe(1);
    s.clock.setScale(0.5);
    s.clock.push(2 * TICKS_PER_FRAME, 'a2', true);
    s.timers.advance(1_000);
    expect(s.released).toHaveLength(4);
  });

  it('a seek (restart) drops held frames and starts again at the next frame, even one earlier in time', () => {
    const s = setup();
    for (let i = 0; i < 50; i++) s.clock.push(1000 * 90 * 60 + i * TICKS_PER_FRAME, `f${i}`);
    s.timers.advance(200);
    const before = s.released.length;
    s.clock.restart();
    expect(s.clock.held).toBe(0);
    s.clock.push(0, 'g0');
    expect(s.released.length).toBe(before + 1);
    expect(s.released[before]).toEqual([200, 0]);
  });

  it('a timestamp jump far ahead is shown at once instead of waited for', () => {
    const s = setup();
    s.clock.push(0, 'a');
    s.clock.push(3600 * 90_000, 'b');
    expect(s.released.map(([, pts]) => pts)).toEqual([0, 3600 * 90_000]);
  });
});
