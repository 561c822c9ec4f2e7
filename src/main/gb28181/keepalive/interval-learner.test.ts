import { describe, expect, it } from 'vitest';
import { estimate, IntervalLearner } from './interval-learner';

const S = 1000;

/** Feeds keepalive times (seconds) and returns what the learner says after each, applying it as the interval in use. */
function feed(times: number[], inUse = 60): Array<number | undefined> {
  const l = new IntervalLearner();
  return times.map((t) => {
    const r = l.heard('d', t * S, inUse);
    if (r !== undefined) inUse = r;
    return r;
  });
}

describe('IntervalLearner', () => {
  it('a 300 s device: learned at its first gap (lengthening), kept through a lost keepalive', () => {
    expect(feed([0, 300, 600, 900, 1500, 1800, 2100])).toEqual([undefined, 300, undefined, undefined, undefined, undefined, undefined]);
  });

  it('one early keepalive among the first gaps shortens nothing; from three gaps on the lower median rules', () => {
    expect(feed([0, 5, 65, 125])).toEqual([undefined, undefined, undefined, undefined]);
    expect(feed([0, 30, 60, 90], 60)).toEqual([undefined, undefined, undefined, 30]);
  });

  it('a late keepalive among five gaps does not move the estimate', () => {
    expect(feed([0, 60, 120, 180, 290, 350], 60)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('a gap spanning an outage (over an hour) is no sample; one from a new registration to its first keepalive is', () => {
    const l = new IntervalLearner();
    l.heard('d', 0, 60);
    expect(l.heard('d', 7200 * S, 60)).toBeUndefined();
    l.restart('d', 7500 * S);
    expect(l.heard('d', 7800 * S, 60)).toBe(300);
  });
});

describe('estimate', () => {
  it('is the longest of under three gaps and the lower median from three on, as sorting a copy gives', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    for (let i = 0; i < 5000; i++) {
      const gaps = Array.from({ length: 1 + rnd(5) }, () => 1000 + rnd(8) * 15_000 + rnd(3));
      const copy = [...gaps];
      const sorted = [...gaps].sort((a, b) => a - b);
      const want = sorted.length < 3 ? sorted[sorted.length - 1] : sorted[Math.floor((sorted.length - 1) / 2)];
      expect(estimate(gaps), JSON.stringify(gaps)).toBe(want);
      expect(gaps).toEqual(copy);
    }
  });
});
