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

  it('lets a trickle handed over every 100 ms share one commit per two or three hand-overs', () => {
    const p = new CommitPacer();
    const commits: number[] = [];
    let timerAt: number | null = null;
    for (let t = 0; t <= 10_000; t += 100) {
      if (timerAt !== null && timerAt <= t) {
        commits.push(timerAt);
        p.committed();
        timerAt = null;
      }
      const when = p.arrived(33, t);
      if (when === 'now') {
        commits.push(t);
        p.committed();
        timerAt = null;
      } else if (timerAt === null) timerAt = t + when;
    }
    // 101 hand-overs; the first message of each commit waited 200 ms, never more than the longest wait.
    expect(commits.length).toBeLessThanOrEqual(35);
    expect(commits.length).toBeGreaterThanOrEqual(33);
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
