import { describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { T1 } from '../timers/timers';
import { DEFAULT_READ_PACING, ReadPacer, maxPauseFor } from './read-pacing';

/** One turn per datagram at `perSec` for `seconds`; returns the pause asked after the last turn. */
function feed(pacer: ReadPacer, clock: FakeClock, perSec: number, seconds: number, perTurn = 1): number {
  let pause = 0;
  const turns = Math.round((perSec / perTurn) * seconds);
  for (let i = 0; i < turns; i++) {
    clock.advance(1000 / (perSec / perTurn));
    pause = pacer.afterTurn(perTurn);
  }
  return pause;
}

describe('ReadPacer', () => {
  it("pauses long enough for a batch to gather at a site's keepalive rate (167/s)", () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    const pause = feed(pacer, clock, 167, 3);
    expect(pacer.datagramsPerSec).toBeGreaterThan(150);
    // 24 more keepalives gather in the pause: 144 ms at 167/s
    expect(pause).toBeGreaterThanOrEqual(135);
    expect(pause).toBeLessThanOrEqual(150);
  });

  it('never pauses for as long as a peer waits before it retransmits (T1)', () => {
    expect(DEFAULT_READ_PACING.maxPauseMs).toBeLessThanOrEqual(T1 / 2);
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    expect(feed(pacer, clock, 51, 3)).toBe(DEFAULT_READ_PACING.maxPauseMs);
  });

  it("never pauses below the minimum rate, so a small site's answers keep their latency", () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    expect(feed(pacer, clock, 20, 5)).toBe(0);
  });

  it('caps the pause at its maximum at rates just above the minimum', () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    expect(feed(pacer, clock, 60, 3)).toBe(DEFAULT_READ_PACING.maxPauseMs);
  });

  it('shortens the pause as the rate grows, and stops pausing when it would be shorter than a timer is worth', () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    expect(feed(pacer, clock, 2000, 2, 4)).toBe(12);
    expect(feed(pacer, clock, 8000, 2, 8)).toBe(3);
    expect(feed(pacer, clock, 20_000, 2, 20)).toBe(0);
  });

  it('shortens its pauses within a tenth of a second when a storm starts after a quiet second', () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    expect(feed(pacer, clock, 60, 2)).toBe(DEFAULT_READ_PACING.maxPauseMs);
    // the pause the 5,000/s rate asks for (24 datagrams in 5 ms), not the quiet second's
    expect(feed(pacer, clock, 5000, 0.12, 10)).toBeLessThanOrEqual(5);
  });

  it('does not pause after a turn that worked through a backlog', () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    feed(pacer, clock, 167, 2);
    expect(pacer.afterTurn(31)).toBeGreaterThan(0);
    expect(pacer.afterTurn(32)).toBe(0);
  });

  it('does not pause after a turn its budget cut short, however few it read', () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    feed(pacer, clock, 167, 2);
    expect(pacer.afterTurn(3)).toBeGreaterThan(0);
    expect(pacer.afterTurn(3, true)).toBe(0);
  });

  it('forgets a busy spell after a quiet one: the next datagram is read without a pause', () => {
    const clock = new FakeClock(0);
    const pacer = new ReadPacer(clock);
    expect(feed(pacer, clock, 167, 2)).toBeGreaterThan(0);
    clock.advance(30_000);
    expect(pacer.afterTurn(1)).toBe(0);
  });
});

describe('maxPauseFor', () => {
  it('keeps what a pause gathers at the peak rate within the receive buffer the kernel granted', () => {
    // Linux's default net.core.rmem_max (212,992, doubled by the kernel) against the 8 MiB a tuned host grants.
    expect(maxPauseFor(425_984, 50)).toBe(12);
    expect(maxPauseFor(8 * 1024 * 1024, 50)).toBe(50);
    expect(maxPauseFor(0, 50)).toBe(0);
  });
});
