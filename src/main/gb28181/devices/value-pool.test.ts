import { describe, expect, it } from 'vitest';
import { ValuePool } from './value-pool';

describe('ValuePool', () => {
  it('gives back equal values, and holds no more than its bound however many different values devices send', () => {
    const pool = new ValuePool(100);
    for (let i = 0; i < 1_000; i++) {
      expect(pool.share(`Camera ${i}`)).toBe(`Camera ${i}`);
      expect(pool.size).toBeLessThanOrEqual(100);
    }
    expect(pool.share('Hikvision')).toBe('Hikvision');
    expect(pool.size).toBeGreaterThan(0);
  });

  it('does not hold long values', () => {
    const pool = new ValuePool();
    const long = 'x'.repeat(65);
    expect(pool.share(long)).toBe(long);
    expect(pool.size).toBe(0);
  });

  it('replaces the strings of a parsed element in place, keys, order and other values unchanged', () => {
    const pool = new ValuePool();
    const el = { DeviceID: '34020000001310000001', Name: 'Gate', Info: { PTZType: '1', Extra: [{ A: 'a' }, 'b'] }, Flag: true, Empty: '' };
    const before = JSON.stringify(el);
    pool.shareTree(el, 'DeviceID');
    expect(JSON.stringify(el)).toBe(before);
    expect(pool.size).toBe(5); // Gate, 1, a, b and ''
  });

  it('leaves elements nested deeper than any catalog item as parsed', () => {
    const pool = new ValuePool();
    let el: Record<string, unknown> = { V: 'deep' };
    for (let i = 0; i < 10_000; i++) el = { E: el };
    expect(() => pool.shareTree(el)).not.toThrow();
    expect(pool.size).toBe(0);
  });
});
