import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { turnPacer } from './turn-pacer';

describe('turn pacer', () => {
  it('lets at most `perTurn` callers through in one turn of the event loop, the rest on later turns', async () => {
    const pace = turnPacer(50);
    let through = 0;
    const all = Array.from({ length: 120 }, () => pace().then(() => through++));
    await Promise.resolve();
    await Promise.resolve();
    expect(through).toBe(50);
    const perTurn: number[] = [through];
    while (through < 120) {
      await nextTurn();
      perTurn.push(through);
    }
    await Promise.all(all);
    expect(perTurn.every((n, i) => i === 0 || n - perTurn[i - 1] <= 50)).toBe(true);
    expect(perTurn.at(-1)).toBe(120);
    expect(perTurn.length).toBeGreaterThanOrEqual(3);
  });
});
