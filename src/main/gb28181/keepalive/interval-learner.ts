// The keepalive interval a device really uses, learned from the keepalives received (GB/T 28181 §9.6.1 leaves
// it to the device; many never answer BasicParam). Each gap between two keepalives of one registration, and
// from a new registration to its first keepalive, is a sample; the estimate is the lower median of the last few, so one late or lost keepalive (a gap twice as
// long) and one early one do not move it. Until three gaps are seen, an estimate only ever lengthens the
// interval in use: a 300 s device stops flapping at its first gap, and a single short gap shortens nothing.
const SAMPLES = 5;
const MIN_GAP_MS = 1_000;
/** Longer gaps are outages, not an interval (the BasicParam limit, GB/T 28181 A.2.3.2.1). */
const MAX_GAP_MS = 3600_000;

interface Entry {
  last: number | undefined;
  gaps: number[];
}

export class IntervalLearner {
  private readonly entries = new Map<string, Entry>();

  /**
   * A keepalive arrived at `now`. Returns the learned interval in whole seconds when there is one worth using
   * instead of `inUseSec` (see the rule above), else undefined.
   */
  heard(deviceId: string, now: number, inUseSec: number): number | undefined {
    let e = this.entries.get(deviceId);
    if (!e) {
      e = { last: undefined, gaps: [] };
      this.entries.set(deviceId, e);
    }
    const gap = e.last === undefined ? undefined : now - e.last;
    e.last = now;
    if (gap === undefined || gap < MIN_GAP_MS || gap > MAX_GAP_MS) return undefined;
    e.gaps.push(gap);
    if (e.gaps.length > SAMPLES) e.gaps.shift();
    const sec = Math.round(estimate(e.gaps) / 1000);
    if (e.gaps.length < 3 && sec <= inUseSec) return undefined;
    return sec === inUseSec ? undefined : sec;
  }

  /** A new registration at `now`: the next gap starts there (gaps already learned are kept). */
  restart(deviceId: string, now: number): void {
    const e = this.entries.get(deviceId);
    if (e) e.last = now;
    else this.entries.set(deviceId, { last: now, gaps: [] });
  }

  forget(deviceId: string): void {
    this.entries.delete(deviceId);
  }
}

/** Under three gaps the longest (lengthening only); from three on the lower median. */
export function estimate(gaps: number[]): number {
  if (gaps.length < 3) return gaps.length === 1 ? gaps[0] : Math.max(gaps[0], gaps[1]);
  // at most SAMPLES numbers: an insertion sort into a copy, every keepalive, without sort()'s comparator calls
  const sorted = gaps.slice();
  for (let i = 1; i < sorted.length; i++) {
    const v = sorted[i];
    let j = i - 1;
    while (j >= 0 && sorted[j] > v) {
      sorted[j + 1] = sorted[j];
      j--;
    }
    sorted[j + 1] = v;
  }
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
