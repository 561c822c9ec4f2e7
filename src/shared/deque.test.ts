import { describe, expect, it } from 'vitest';
import { Deque } from './deque';

/** Drains a deque front to back. */
function drain<T>(d: Deque<T>): T[] {
  const out: T[] = [];
  for (let x = d.shift(); x !== undefined; x = d.shift()) out.push(x);
  return out;
}

describe('Deque', () => {
  it('takes from the front what was pushed at the back, oldest first, and what was pushed in front before it', () => {
    const d = new Deque<number>();
    expect(d.shift()).toBeUndefined();
    expect(d.peek()).toBeUndefined();
    d.push(1);
    d.push(2);
    d.pushFront(0);
    d.push(3);
    d.pushFront(-1);
    expect(d.size).toBe(5);
    expect(d.peek()).toBe(-1);
    expect(d.size).toBe(5);
    expect(drain(d)).toEqual([-1, 0, 1, 2, 3]);
    expect(d.size).toBe(0);
  });

  it('keeps the order while it grows with its items wrapped around the end of its ring, and while it shrinks', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 10; i++) d.push(i);
    for (let i = 0; i < 8; i++) d.shift(); // head moves along the ring
    for (let i = 1; i <= 1000; i++) d.pushFront(-i);
    for (let i = 10; i < 2000; i++) d.push(i);
    const want = [...Array.from({ length: 1000 }, (_, i) => i - 1000), ...Array.from({ length: 1992 }, (_, i) => i + 8)];
    expect(d.size).toBe(want.length);
    const got: number[] = [];
    for (let i = 0; i < 2900; i++) got.push(d.shift()!); // shrinks on the way down
    for (let i = 0; i < 50; i++) d.pushFront(-5000 - i);
    expect([...got, ...drain(d)]).toEqual([...want.slice(0, 2900), ...Array.from({ length: 50 }, (_, i) => -5049 + i), ...want.slice(2900)]);
  });

  it('does what an array does under any mix of push, pushFront and shift', () => {
    let seed = 19;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const d = new Deque<number>();
    const model: number[] = [];
    for (let op = 0; op < 20_000; op++) {
      const r = random();
      // Phases that grow and phases that drain, so the ring doubles and halves many times.
      const growing = Math.floor(op / 2000) % 2 === 0;
      if (r < (growing ? 0.35 : 0.15)) {
        d.push(op);
        model.push(op);
      } else if (r < (growing ? 0.7 : 0.3)) {
        d.pushFront(op);
        model.unshift(op);
      } else {
        const [got, want] = [d.shift(), model.shift()];
        if (got !== want || d.size !== model.length) expect({ op, got, size: d.size }).toEqual({ op, got: want, size: model.length });
      }
    }
    expect(drain(d)).toEqual(model);
  });

  it('is empty after clear and works on', () => {
    const d = new Deque<string>();
    for (let i = 0; i < 100; i++) d.pushFront(String(i));
    d.clear();
    expect(d.size).toBe(0);
    expect(d.shift()).toBeUndefined();
    d.push('a');
    d.pushFront('b');
    expect(drain(d)).toEqual(['b', 'a']);
  });
});
