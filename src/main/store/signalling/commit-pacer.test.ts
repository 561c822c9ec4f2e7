import { describe, expect, it } from 'vitest';
import { COMMIT_PACING, CommitPacer } from './commit-pacer';

describe('CommitPacer', () => {
  it('gathers a storm for stormGatherMs into one commit, and commits a full one at once', () => {
    const p = new CommitPacer();
    const { atOnce, stormGatherMs, full, maxDelayMs } = COMMIT_PACING;
    expect(p.arrived(atOnce, 0)).toBe(stormGatherMs);
    expect(p.arrived(atOnce, 50)).toBe(stormGatherMs - 50);
    expect(p.arrived(atOnce, stormGatherMs)).toBe('now');
    p.committed();
    expect(p.arrived(atOnce - 1, 1_000)).toBe(maxDelayMs);
    // A storm after a trickle: the commit comes forward (the writer thread moves its timer).
    expect(p.arrived(1, 1_010)).toBe(stormGatherMs - 10);
    p.committed();
    expect(p.arrived(full - 1, 2_000)).toBe(stormGatherMs);
    expect(p.arrived(1, 2_001)).toBe('now');
  });

  it('gathers a storm of 10,000 messages/s (1,000 every 100 ms) into commits of 2,000', () => {
    const commits = trickle(1_000);
    expect(commits.slice(0, -1).every((c) => c.size === COMMIT_PACING.full)).toBe(true);
  });

  it('counts a batch as waiting since the SIP thread took its oldest message', () => {
    const p = new CommitPacer();
    // Held a second on the SIP thread (tap-queue.ts handOverDue): committed on arrival, not a second later.
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
      // As write-worker.ts: a sooner commit moves the timer.
      else if (timerAt === null || t + when < timerAt) timerAt = t + when;
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
