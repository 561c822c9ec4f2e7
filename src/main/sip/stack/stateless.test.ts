import { describe, expect, it } from 'vitest';
import { statelessTag } from './stateless';

describe('statelessTag', () => {
  const key = (i: number) => `z9hG4bK${i}|10.0.0.7:5060|MESSAGE|${i}|call-${i}@10.0.0.7|tag${i}|udp/10.0.0.7/5060`;

  it('gives a retransmission (the same transaction key) the same 12 hex digit tag', () => {
    expect(statelessTag(key(1))).toMatch(/^[0-9a-f]{12}$/);
    expect(statelessTag(key(1))).toBe(statelessTag(key(1)));
  });

  it('gives 20,000 keys that differ in a few characters 20,000 different tags', () => {
    const tags = new Set(Array.from({ length: 20_000 }, (_, i) => statelessTag(key(i))));
    expect(tags.size).toBe(20_000);
    const oneCharApart = new Set(Array.from({ length: 256 }, (_, c) => statelessTag('z9hG4bKa|x|MESSAGE|1|' + String.fromCharCode(c))));
    expect(oneCharApart.size).toBe(256);
  });
});
