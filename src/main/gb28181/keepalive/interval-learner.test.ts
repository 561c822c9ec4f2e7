import { describe, expect, it } from 'vitest';
import { IntervalLearner } from './interval-learner';

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
