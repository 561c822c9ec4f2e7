import { describe, expect, it } from 'vitest';
import { newBranch, newCallId, newTag, randomHex } from './ids';

describe('identifiers', () => {
  it('have the RFC 3261 shapes', () => {
    expect(newBranch()).toMatch(/^z9hG4bK[0-9a-f]{16}$/);
    expect(newTag()).toMatch(/^[0-9a-f]{12}$/);
    expect(newCallId()).toMatch(/^[0-9a-f]{24}$/);
    expect(newCallId('10.0.0.1')).toMatch(/^[0-9a-f]{24}@10\.0\.0\.1$/);
  });

  it('never repeat across many refills of the random pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(newTag());
    expect(seen.size).toBe(20_000);
  });

  it('use every bit: each hex digit position takes all 16 values', () => {
    const digits = Array.from({ length: 12 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) [...newTag()].forEach((c, k) => digits[k].add(c));
    for (const d of digits) expect(d.size).toBe(16);
  });

  it('refuse a request larger than the pool', () => {
    expect(randomHex(4096)).toHaveLength(8192);
    expect(() => randomHex(4097)).toThrow(/at most/);
  });
});
