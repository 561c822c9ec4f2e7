import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('gives 25 per second for frames every 40 ms, while filling and over a full window', () => {
    const m = new RateMeter(2000, 500);
    let t = 0;
    for (; t <= 400; t += 40) m.add(t);
    expect(m.perSecond(400)).toBeNull();
    for (; t <= 600; t += 40) m.add(t);
    expect(m.perSecond(600)).toBeCloseTo(25, 5);
    for (; t <= 10_000; t += 40) m.add(t);
    expect(m.perSecond(10_000)).toBeCloseTo(25, 5);
    expect(m.perSecond(10_020)).toBeCloseTo(25, 5);
  });

  it('sums amounts (bytes) into a rate', () => {
    const m = new RateMeter(1000, 200);
    for (let t = 0; t <= 3000; t += 100) m.add(t, 500);
    expect(m.perSecond(3000)).toBeCloseTo(5000, 5);
  });

  it('falls to zero when samples stop', () => {
    const m = new RateMeter(1000, 200);
    for (let t = 0; t <= 2000; t += 100) m.add(t);
    expect(m.perSecond(2500)).toBeCloseTo(5, 5);
    expect(m.perSecond(4000)).toBe(0);
  });

  it('follows a change of rate within one window', () => {
    const m = new RateMeter(1000, 200);
    let t = 0;
    for (; t < 5000; t += 40) m.add(t);
    for (; t < 7000; t += 100) m.add(t);
    expect(m.perSecond(6900)).toBeCloseTo(10, 5);
  });

  it('keeps its memory bounded over a long run', () => {
    const m = new RateMeter(1000, 200);
    for (let t = 0; t < 1_000_000; t += 10) m.add(t);
    expect((m as unknown as { times: number[] }).times.length).toBeLessThan(1000);
  });
});
