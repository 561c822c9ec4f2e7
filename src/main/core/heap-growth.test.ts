// The same churn (a live set of ~70 MB, garbage promoted all the time) in child processes: one with the heap's
// growth limited from the start keeps a much smaller heap (measured 533-544 MB against 249-250 MB), and so does one
// limited and collected while it runs, as the governor does after a storm.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CALM_YOUNG_GENERATION_BYTES, governHeapGrowth, HEAP_GROWING_PERCENT } from './heap-growth';

const churn = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/heap-churn.ts');
const run = async (...args: string[]) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', churn, ...args], { timeout: 90_000 });
  return JSON.parse(stdout) as { maxHeapTotal: number; afterLimit?: number };
};

it('a process that limits heap growth keeps a much smaller heap under the same churn, and so does one that limits it and collects once while running', { timeout: 180_000 }, async () => {
  const [later, limited] = await Promise.all([run('--limit-later'), run('--limit')]);
  expect(limited.maxHeapTotal).toBeLessThan(later.maxHeapTotal * 0.7);
  expect(later.afterLimit!).toBeLessThan(later.maxHeapTotal * 0.7);
});

it('the governor\'s collection gives back the pages a storm left sparse (heap total under 3 times what is live; 4.5 times with a plain full collection)', { timeout: 60_000 }, async () => {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/heap-fragments.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 50_000 });
  const { heapTotal, heapUsed } = JSON.parse(stdout) as { heapTotal: number; heapUsed: number };
  expect(heapTotal).toBeLessThan(heapUsed * 3);
});

// V8 sometimes shrinks the held young generation to 4 MB and, once the governor lets it grow back, doubles it twice
// before the governor looks again: about one run in three ends at 16 MB (measured 2 of 6 and 2 of 8, the same with
// the governor of the previous release). So the bound here is one doubling past the calm size, still half of V8's own.
it('once calm, the governor stops the young generation at two 4 MB semi-spaces, at worst one doubling past them (V8 grows it to two 16 MB ones under the same allocation)', { timeout: 60_000 }, async () => {
  const young = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/young-churn.ts');
  const run = async (...args: string[]) => JSON.parse((await promisify(execFile)(process.execPath, ['--import', 'tsx', young, ...args], { timeout: 50_000 })).stdout) as { maxYoung: number };
  const [free, governed] = await Promise.all([run(), run('--govern')]);
  expect(free.maxYoung).toBeGreaterThan(24e6);
  expect(governed.maxYoung).toBeLessThanOrEqual(2 * CALM_YOUNG_GENERATION_BYTES);
  expect(governed.maxYoung).toBeLessThan(free.maxYoung);
});

describe('the governor', () => {
  const setup = () => {
    let t = 0;
    let busy = false;
    let young = 1024 * 1024;
    const calls: string[] = [];
    const governor = governHeapGrowth({
      busy: () => busy,
      calmForMs: 30_000,
      now: () => t,
      timer: false,
      heap: {
        setGrowingPercent: (p) => calls.push(`grow ${p}`),
        collect: () => calls.push('collect'),
        youngGenerationSize: () => young,
        setYoungGrowth: (grow) => calls.push(grow ? 'young grows' : 'young held'),
      },
      collectThreads: () => calls.push('threads'),
      releaseNativeMemory: () => calls.push('release'),
    });
    /** A storm, then 30 s of calm: the governor has just collected. */
    const stormThenCalm = () => {
      busy = true;
      governor.check();
      busy = false;
      governor.check();
      t += 30_000;
      governor.check();
    };
    return { governor, calls, stormThenCalm, setBusy: (b: boolean) => (busy = b), advance: (ms: number) => (t += ms), setYoung: (bytes: number) => (young = bytes) };
  };

  it('gives V8 its own growth while busy, and limits and collects once after 30 s of calm, the writer threads too', () => {
    const s = setup();
    s.governor.check();
    expect(s.calls).toEqual([]);
    s.setBusy(true);
    s.governor.check();
    s.governor.check();
    expect(s.calls).toEqual(['grow 0']);
    expect(s.governor.limited()).toBe(false);
    s.setBusy(false);
    s.governor.check();
    s.advance(29_999);
    s.governor.check();
    expect(s.calls).toEqual(['grow 0']);
    s.advance(1);
    s.governor.check();
    expect(s.calls).toEqual(['grow 0', `grow ${HEAP_GROWING_PERCENT}`, 'collect', 'threads']);
    expect(s.governor.limited()).toBe(true);
    s.advance(60_000);
    s.governor.check();
    s.governor.check();
    expect(s.calls).toEqual(['grow 0', `grow ${HEAP_GROWING_PERCENT}`, 'collect', 'threads', 'release']);
  });

  it('gives back the memory C code freed at the check after its collection, when the writer threads have collected too, and only once', () => {
    const s = setup();
    s.stormThenCalm();
    expect(s.calls.at(-1)).toBe('threads');
    s.advance(5_000);
    s.governor.check();
    expect(s.calls.at(-1)).toBe('release');
    for (let i = 0; i < 10; i++) {
      s.advance(5_000);
      s.governor.check();
    }
    expect(s.calls.filter((c) => c === 'release')).toHaveLength(1);
  });

  it('a storm before that check puts the release off until the collection after it', () => {
    const s = setup();
    s.stormThenCalm();
    s.stormThenCalm();
    expect(s.calls.filter((c) => c === 'release')).toHaveLength(0);
    expect(s.calls.filter((c) => c === 'collect')).toHaveLength(2);
    s.governor.check();
    expect(s.calls.at(-1)).toBe('release');
  });

  it('a busy moment within the calm period starts the wait again', () => {
    const s = setup();
    s.setBusy(true);
    s.governor.check();
    s.setBusy(false);
    s.governor.check();
    s.advance(20_000);
    s.setBusy(true);
    s.governor.check();
    s.setBusy(false);
    s.advance(1);
    s.governor.check();
    s.advance(20_000);
    s.governor.check();
    expect(s.governor.limited()).toBe(false);
    s.advance(10_000);
    s.governor.check();
    expect(s.governor.limited()).toBe(true);
    expect(s.calls).toEqual(['grow 0', `grow ${HEAP_GROWING_PERCENT}`, 'collect', 'threads']);
  });

  it('holds the young generation once it reaches its calm size, lets V8 grow it again in a storm, and holds it again after', () => {
    const s = setup();
    s.governor.check();
    expect(s.calls).toEqual([]);
    s.setYoung(CALM_YOUNG_GENERATION_BYTES);
    s.governor.check();
    s.governor.check();
    expect(s.calls).toEqual(['young held']);
    s.setBusy(true);
    s.governor.check();
    s.setYoung(4 * CALM_YOUNG_GENERATION_BYTES);
    s.governor.check();
    expect(s.calls).toEqual(['young held', 'grow 0', 'young grows']);
    s.setBusy(false);
    s.governor.check();
    s.advance(30_000);
    s.setYoung(CALM_YOUNG_GENERATION_BYTES / 8);
    s.governor.check();
    expect(s.calls.slice(3)).toEqual([`grow ${HEAP_GROWING_PERCENT}`, 'collect', 'threads']);
    s.setYoung(CALM_YOUNG_GENERATION_BYTES);
    s.governor.check();
    expect(s.calls.slice(6)).toEqual(['release', 'young held']);
  });

  it('lets a young generation V8 shrank below its calm size grow back to it', () => {
    const s = setup();
    s.setYoung(CALM_YOUNG_GENERATION_BYTES);
    s.governor.check();
    s.setYoung(CALM_YOUNG_GENERATION_BYTES / 4);
    s.governor.check();
    s.governor.check();
    s.setYoung(CALM_YOUNG_GENERATION_BYTES);
    s.governor.check();
    expect(s.calls).toEqual(['young held', 'young grows', 'young held']);
  });
});
