// The Call-ID filters: a filter never rules out a key it holds, and rules out most others.
import { describe, expect, it } from 'vitest';
import { BLOCK_FILTER, bucketOf, buildFilter, buildGroupFilter, GROUP_BUCKETS, GROUP_FILTER, mayHold } from './call-filter';
import { callHash } from './templated';

/** Deterministic keys as the writer makes them: hashes of Call-IDs. */
const keys = (n: number, tag: string) => Array.from({ length: n }, (_, i) => callHash(`${tag}-${i}@192.168.1.${i % 250}`));

describe('Call-ID filters', () => {
  it('hold every key they were built from, at every size', () => {
    for (const n of [0, 1, 2, 7, 64, 300, 5000]) {
      const held = keys(n, `held${n}`);
      const f = buildFilter(held, BLOCK_FILTER);
      expect(held.every((k) => mayHold(f, k, BLOCK_FILTER))).toBe(true);
    }
  });

  it('keep duplicates once and answer "maybe" for few other keys', () => {
    const held = keys(2000, 'held');
    expect(buildFilter([...held, ...held], BLOCK_FILTER).length).toBe(buildFilter(held, BLOCK_FILTER).length);
    const f = buildFilter(held, BLOCK_FILTER);
    const others = keys(100_000, 'other');
    const maybe = others.filter((k) => mayHold(f, k, BLOCK_FILTER)).length;
    expect(maybe / others.length).toBeLessThan(0.002);
  });

  it('an empty filter holds nothing', () => {
    const f = buildFilter([], BLOCK_FILTER);
    expect(keys(1000, 'any').some((k) => mayHold(f, k, BLOCK_FILTER))).toBe(false);
  });

  it("a group's filter holds each key in the row of its bucket", () => {
    const held = keys(30_000, 'group');
    const rows = buildGroupFilter(held);
    expect(rows).toHaveLength(GROUP_BUCKETS);
    expect(held.every((k) => mayHold(rows[bucketOf(k)], k, GROUP_FILTER))).toBe(true);
    const others = keys(50_000, 'not-in-group');
    expect(others.filter((k) => mayHold(rows[bucketOf(k)], k, GROUP_FILTER)).length / others.length).toBeLessThan(0.004);
  });
});
