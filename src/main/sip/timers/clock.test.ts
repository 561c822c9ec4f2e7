import { describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from './clock';
import { sharedTimerValues, T1, T2, T4, timerValues } from './timers';

describe('FakeClock', () => {
  it('runs due timers in due order (ties in creation order) and leaves later ones pending', () => {
    const c = new FakeClock(1000);
    const order: string[] = [];
    c.setTimeout(() => order.push('b@200'), 200);
    c.setTimeout(() => order.push('a@100'), 100);
    c.setTimeout(() => order.push('c@200'), 200);
    c.setTimeout(() => order.push('d@500'), 500);
    c.advance(200);
    expect(order).toEqual(['a@100', 'b@200', 'c@200']);
    expect(c.now()).toBe(1200);
    expect(c.pending).toBe(1);
    expect(c.nextDue()).toBe(300);
  });

  it('runs a timer armed by another timer within the same advance when it falls due', () => {
    const c = new FakeClock();
    const at: number[] = [];
    c.setTimeout(() => {
      at.push(c.now());
      c.setTimeout(() => at.push(c.now()), 50);
    }, 100);
    c.advance(150);
    expect(at).toEqual([100, 150]);
  });

  it('cancels timers', () => {
    const c = new FakeClock();
    let fired = false;
    const h = c.setTimeout(() => (fired = true), 10);
    c.clearTimeout(h);
    c.advance(100);
    expect(fired).toBe(false);
  });

  it('runAll stops a timer that re-arms forever', () => {
    const c = new FakeClock();
    const again = () => c.setTimeout(again, 1);
    again();
    expect(() => c.runAll(100)).toThrow(/still 1 timer/);
  });

  it('the system clock fires for real', async () => {
    const fired = await new Promise<boolean>((resolve) => systemClock.setTimeout(() => resolve(true), 1));
    expect(fired).toBe(true);
  });
});

describe('RFC 3261 timer values', () => {
  it('derives A..K from T1=500 ms, T2=4 s, T4=5 s (unreliable)', () => {
    expect([T1, T2, T4]).toEqual([500, 4000, 5000]);
    expect(timerValues()).toMatchObject({ A: 500, B: 32_000, D: 32_000, E: 500, F: 32_000, G: 500, H: 32_000, I: 5_000, J: 32_000, K: 5_000 });
  });

  it('zeroes the wait timers D, I, J, K on a reliable transport', () => {
    expect(timerValues({}, true)).toMatchObject({ B: 32_000, D: 0, F: 32_000, H: 32_000, I: 0, J: 0, K: 0 });
  });

  it('scales with T1', () => {
    expect(timerValues({ t1: 100 })).toMatchObject({ A: 100, B: 6_400, F: 6_400, H: 6_400, J: 6_400 });
  });
});

describe('sharedTimerValues', () => {
  it('gives the same values as timerValues, one frozen object per setting and transport kind', () => {
    const fast = { t1: 50 };
    expect(sharedTimerValues(fast, false)).toEqual(timerValues(fast, false));
    expect(sharedTimerValues(fast, true)).toEqual(timerValues(fast, true));
    expect(sharedTimerValues(fast, false)).toBe(sharedTimerValues(fast, false));
    expect(sharedTimerValues(fast, true)).not.toBe(sharedTimerValues(fast, false));
    expect(sharedTimerValues(undefined, false)).toBe(sharedTimerValues(undefined, false));
    expect(sharedTimerValues().J).toBe(32_000);
    expect(Object.isFrozen(sharedTimerValues(fast, true))).toBe(true);
  });
});
