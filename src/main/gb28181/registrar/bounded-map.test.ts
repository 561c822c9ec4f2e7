import { describe, expect, it } from 'vitest';
import { mapWalks } from '../../../shared/testing/map-walks';
import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('keeps entries in order of last write and drops the least recently written past its cap', () => {
    const evicted: string[] = [];
    const m = new BoundedMap<string, number>(3, (k) => evicted.push(k));
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 4);
    m.set('d', 5);
    expect(evicted).toEqual(['b']);
    expect([...m.entries()]).toEqual([['c', 3], ['a', 4], ['d', 5]]);
    expect(m.oldest()).toEqual(['c', 3]);
    expect(m.get('a')).toBe(4);
  });

  it('deletes from the middle and either end, and empties cleanly', () => {
    const m = new BoundedMap<string, number>(10);
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) m.set(k, i);
    expect(m.delete('b')).toBe(true);
    expect(m.delete('b')).toBe(false);
    expect(m.delete('d')).toBe(true);
    m.dropOldest();
    expect([...m.entries()]).toEqual([['c', 2]]);
    m.dropOldest();
    m.dropOldest();
    expect(m.size).toBe(0);
    expect(m.oldest()).toBeUndefined();
    m.set('e', 9);
    expect([...m.entries()]).toEqual([['e', 9]]);
  });

  it('never walks a Map to find its oldest entry: V8 steps over every slot deleted before a Map\'s first entry', () => {
    const m = new BoundedMap<string, number>(100);
    const walks = mapWalks(() => {
      for (let i = 0; i < 1_000; i++) {
        m.set(`10.0.${i >> 8}.${i & 255}:5060`, i);
        m.oldest();
      }
    });
    expect(walks).toBe(0);
    expect(m.size).toBe(100);
    expect(m.oldest()?.[1]).toBe(900);
  });
});
