import { describe, expect, it } from 'vitest';
import { COMMIT_PACING, CommitPacer } from './commit-pacer';

describe('CommitPacer', () => {
  it('commits a storm at once', () => {
    const p = new CommitPacer();
    expect(p.arrived(COMMIT_PACING.atOnce, 0)).toBe('now');
    p.committed();
    expect(p.arrived(COMMIT_PACING.atOnce - 1, 10)).toBe(COMMIT_PACING.maxDelayMs);
    expect(p.arrived(1, 11)).toBe('now');
  });

  it('counts a batch as waiting since the SIP thread took its oldest message', () => {
    const p = new CommitPacer();
    // Held a second on the SIP thread (tap-queue.ts, pace 'held'): committed on arrival, not a second later.
    expect(p.arrived(33, 5_000, 900)).toBe('now');
    p.committed();
    expect(p.arrived(33, 6_000, 300)).toBe(COMMIT_PACING.maxDelayMs - 300);
    // A later batch held longer than the waiting one moves the oldest message back.
    expect(p.arrived(33, 6_050, 900)).toBe('now');
  });

  /** Commits (time, size) of batches of `perHandOver` messages handed over every 100 ms for 10 s. */
  function trickle(perHandOver: number): { at: number; size: number; waited: number }[] {
    const p = new CommitPacer();
    const commits: { at: number; size: number; waited: number }[] = [];
    let timerAt: number | null = null;
    let size = 0;
    let since = 0;
    const commit = (at: number) => {
      commits.push({ at, size, waited: at - since });
      size = 0;
      p.committed();
      timerAt = null;
    };
    for (let t = 0; t <= 10_000; t += 100) {
      if (timerAt !== null && timerAt <= t) commit(timerAt);
      if (size === 0) since = t;
      size += perHandOver;
      const when = p.arrived(perHandOver, t);
      if (when === 'now') commit(t);
      else if (timerAt === null) timerAt = t + when;
    }
    if (size > 0) commit(timerAt!);
    return commits;
  }

  it("gathers a 10,000-device site's keepalive trickle (33 messages every 100 ms) into commits of 8 hand-overs or more", () => {
    const commits = trickle(33);
    // 101 hand-overs (3,333 messages) in 12 or 13 commits; with 250 ms at most it was 34.
    expect(commits.length).toBeLessThanOrEqual(13);
    expect(commits.slice(0, -1).every((c) => c.size >= 8 * 33)).toBe(true);
  });

  it('keeps every commit within the live tail batch (500) at trickle rates up to 2,500 messages/s', () => {
    for (const perHandOver of [1, 10, 33, 60, 100, 200, 250]) {
      const commits = trickle(perHandOver);
      expect(Math.max(...commits.map((c) => c.size))).toBeLessThanOrEqual(500);
      expect(Math.max(...commits.map((c) => c.waited))).toBeLessThanOrEqual(COMMIT_PACING.maxDelayMs);
      expect(commits.reduce((n, c) => n + c.size, 0)).toBe(101 * perHandOver);
    }
  });

  it('never lets the oldest message wait past the longest wait', () => {
    const p = new CommitPacer();
    expect(p.arrived(1, 1000)).toBe(COMMIT_PACING.maxDelayMs);
    // A later batch keeps the first one's deadline, counted from the oldest message.
    expect(p.arrived(1, 1100)).toBe(COMMIT_PACING.maxDelayMs - 100);
    expect(p.arrived(1, 1000 + COMMIT_PACING.joinAfterMs)).toBe('now');
    p.committed();
    // After a commit the wait starts again from the next message.
    expect(p.arrived(1, 5000)).toBe(COMMIT_PACING.maxDelayMs);
  });
});
