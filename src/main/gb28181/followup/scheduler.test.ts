import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { RegisterPressure } from './register-pressure';
import { FollowUpScheduler, type FollowUpStep, type StepOutcome } from './scheduler';

/** A step the test settles by hand. */
function manualStep(name: string, log: string[]) {
  let settle!: (o: StepOutcome) => void;
  const step: FollowUpStep = {
    name,
    run: () => {
      log.push(name);
      return new Promise<StepOutcome>((r) => (settle = r));
    },
  };
  return { step, settle: (o: StepOutcome = 'ok') => settle(o) };
}

const flush = () => new Promise((r) => setImmediate(r));

/** `count` devices with one hand-settled step each, scheduled; the returned function settles the next `n` started steps. */
function scheduleMany(s: FollowUpScheduler, count = 100): (n: number, o?: StepOutcome) => Promise<void> {
  const log: string[] = [];
  const steps = Array.from({ length: count }, (_, i) => manualStep(`d${i}`, log));
  steps.forEach((st, i) => s.schedule(`d${i}`, [st.step]));
  let next = 0;
  return async (n, o = 'ok') => {
    for (let k = 0; k < n; k++) steps[next++].settle(o);
    for (let t = 0; t < 8; t++) await flush();
  };
}

describe('FollowUpScheduler', () => {
  it('never runs more steps than the bound over all devices', async () => {
    const clock = new FakeClock();
    const s = new FollowUpScheduler(clock, { underPressure: () => false }, { maxOutstanding: 3 });
    const log: string[] = [];
    const steps = Array.from({ length: 10 }, (_, i) => manualStep(`d${i}`, log));
    steps.forEach((st, i) => s.schedule(`d${i}`, [st.step]));
    expect(log).toEqual(['d0', 'd1', 'd2']);
    expect(s.stats()).toMatchObject({ running: 3, queued: 7 });
    steps[1].settle();
    await flush();
    expect(log).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(s.stats().running).toBe(3);
  });

  it('widens the steps in flight by one for each answered step, up to the ceiling', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { minOutstanding: 2, maxOutstanding: 5 });
    const log: string[] = [];
    const steps = Array.from({ length: 20 }, (_, i) => manualStep(`d${i}`, log));
    steps.forEach((st, i) => s.schedule(`d${i}`, [st.step]));
    expect(s.stats()).toMatchObject({ running: 2, window: 2 });
    steps[0].settle('ok');
    await flush();
    expect(s.stats()).toMatchObject({ running: 3, window: 3 });
    for (let i = 1; i < 6; i++) {
      steps[i].settle('ok');
      await flush();
    }
    expect(s.stats()).toMatchObject({ running: 5, window: 5 });
  });

  it('halves the steps in flight when a step gets no answer, at most once per cutSpacingMs, never below the floor', async () => {
    const clock = new FakeClock();
    const s = new FollowUpScheduler(clock, { underPressure: () => false }, { minOutstanding: 2, maxOutstanding: 64, cutSpacingMs: 1000 });
    const settleRunning = scheduleMany(s);
    await settleRunning(2, 'ok'); // 2 -> 4
    await settleRunning(4, 'ok'); // 4 -> 8
    await settleRunning(8, 'ok'); // 8 -> 16
    expect(s.stats().window).toBe(16);
    await settleRunning(3, 'unreachable'); // timeouts together: one cut
    expect(s.stats().window).toBe(8);
    expect(s.stats().running).toBeLessThanOrEqual(13);
    clock.advance(1000);
    await settleRunning(1, 'unreachable');
    expect(s.stats().window).toBe(4);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await settleRunning(1, 'unreachable');
    }
    expect(s.stats().window).toBe(2);
    // a device that answers with an error still answered: no cut
    await settleRunning(1, 'failed');
    expect(s.stats().window).toBe(2);
  });

  it('halves the steps in flight when requests were re-sent either way, even though every step is answered', async () => {
    const clock = new FakeClock();
    let resent = 5; // re-sent before the scheduler started: not a sign of its own congestion
    const s = new FollowUpScheduler(clock, { underPressure: () => false, retransmissions: () => resent }, { minOutstanding: 2, maxOutstanding: 64, cutSpacingMs: 1000 });
    const settleRunning = scheduleMany(s);
    await settleRunning(2); // 2 -> 4
    await settleRunning(4); // 4 -> 8
    expect(s.stats().window).toBe(8);
    resent += 3; // answers took longer than T1
    await settleRunning(1);
    expect(s.stats().window).toBe(4);
    resent += 1; // within cutSpacingMs of the last cut: counted, no second cut
    await settleRunning(1);
    expect(s.stats().window).toBe(4);
    await settleRunning(1); // no new re-sends: answered in time, one more
    expect(s.stats().window).toBe(5);
  });

  it('narrows the steps in flight by one for each step answered later than lateStepMs, widens by one for each in time', async () => {
    const clock = new FakeClock();
    const s = new FollowUpScheduler(clock, { underPressure: () => false }, { minOutstanding: 4, maxOutstanding: 64, lateStepMs: 150 });
    const settleRunning = scheduleMany(s);
    await settleRunning(4); // answered at once: 4 -> 8
    expect(s.stats().window).toBe(8);
    clock.advance(151); // the 8 in flight now answer late (queued at one end or the other)
    await settleRunning(3);
    expect(s.stats().window).toBe(5);
    await settleRunning(5);
    expect(s.stats().window).toBe(4); // never below the floor
    expect(s.stats().running).toBeLessThanOrEqual(4);
  });

  it('counts only re-sends that happen while its own steps are in flight', async () => {
    const clock = new FakeClock();
    let resent = 0;
    const s = new FollowUpScheduler(clock, { underPressure: () => false, retransmissions: () => resent }, { minOutstanding: 4, maxOutstanding: 64 });
    const log: string[] = [];
    const first = manualStep('a', log);
    s.schedule('a', [first.step]);
    first.settle('ok');
    await flush();
    expect(s.stats()).toMatchObject({ running: 0, window: 5 });
    resent += 100; // a registration storm's re-sends, with no step in flight
    const steps = Array.from({ length: 3 }, (_, i) => manualStep(`d${i}`, log));
    steps.forEach((st, i) => s.schedule(`d${i}`, [st.step]));
    steps[0].settle('ok');
    await flush();
    expect(s.stats().window).toBe(6);
  });

  it('starts at most startsPerTurn steps in one turn of the event loop, the rest on the next turns', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 5, startsPerTurn: 2 });
    const log: string[] = [];
    for (let i = 0; i < 6; i++) s.schedule(`d${i}`, [manualStep(`d${i}`, log).step]);
    expect(log).toHaveLength(2);
    await flush();
    expect(log).toHaveLength(4);
    await flush();
    expect(log).toHaveLength(5);
    expect(s.stats()).toMatchObject({ running: 5, queued: 1 });
  });

  it('runs one step at a time per device, in order, and finishes a started device first', async () => {
    const clock = new FakeClock();
    const s = new FollowUpScheduler(clock, { underPressure: () => false }, { maxOutstanding: 1 });
    const log: string[] = [];
    const a1 = manualStep('a:info', log);
    const a2 = manualStep('a:catalog', log);
    const b1 = manualStep('b:info', log);
    s.schedule('a', [a1.step, a2.step]);
    s.schedule('b', [b1.step]);
    expect(log).toEqual(['a:info']);
    a1.settle();
    await flush();
    expect(log).toEqual(['a:info', 'a:catalog']);
    a2.settle();
    await flush();
    expect(log).toEqual(['a:info', 'a:catalog', 'b:info']);
  });

  it("starts a device's chain over when it is scheduled again, after the step in flight", async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 1 });
    const log: string[] = [];
    const first = manualStep('info', log);
    expect(s.schedule('a', [first.step, manualStep('catalog', log).step])).toBe('queued');
    expect(s.schedule('a', [manualStep('info again', log).step])).toBe('restarted');
    expect(log).toEqual(['info']);
    first.settle();
    await flush();
    expect(log).toEqual(['info', 'info again']);
  });

  it("starts every device's lower-phase steps before any higher-phase step, one step at a time per device", async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 2 });
    const log: string[] = [];
    const settle = new Map<string, () => void>();
    const step = (name: string, phase: number): FollowUpStep => ({
      name,
      phase,
      run: () => {
        log.push(name);
        return new Promise<StepOutcome>((r) => settle.set(name, () => r('ok')));
      },
    });
    for (const d of ['a', 'b', 'c']) s.schedule(d, [step(`${d}:catalog`, 0), step(`${d}:info`, 0), step(`${d}:subscribe`, 1)]);
    const finish = async (name: string) => {
      if (!settle.has(name)) throw new Error(`${name} is not running; so far: ${log.join(', ')}`);
      settle.get(name)!();
      await flush();
    };
    expect(log).toEqual(['a:catalog', 'b:catalog']);
    for (const name of ['a:catalog', 'a:info', 'b:catalog', 'b:info', 'c:catalog', 'b:subscribe', 'c:info', 'a:subscribe', 'c:subscribe']) {
      await finish(name);
      expect(s.stats().running).toBeLessThanOrEqual(2);
    }
    // a:subscribe was ready before c:info but waited for it; b:subscribe ran only while no front-phase step was ready.
    expect(log).toEqual(['a:catalog', 'b:catalog', 'a:info', 'c:catalog', 'b:info', 'b:subscribe', 'c:info', 'a:subscribe', 'c:subscribe']);
  });

  it('moves a device that registers anew while waiting for background work back to the front phase', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 1 });
    const log: string[] = [];
    const a = manualStep('a:catalog', log);
    const b = manualStep('b:catalog', log);
    s.schedule('a', [a.step, { ...manualStep('a:subscribe', log).step, phase: 1 }]);
    s.schedule('b', [b.step]);
    a.settle();
    await flush();
    expect(log).toEqual(['a:catalog', 'b:catalog']);
    expect(s.schedule('a', [manualStep('a:catalog again', log).step])).toBe('restarted');
    b.settle();
    await flush();
    expect(log).toEqual(['a:catalog', 'b:catalog', 'a:catalog again']);
  });

  it('starts nothing while under pressure and resumes when it passes', () => {
    const clock = new FakeClock();
    let pressure = true;
    const s = new FollowUpScheduler(clock, { underPressure: () => pressure }, { pressureRetryMs: 100 });
    const log: string[] = [];
    s.schedule('a', [manualStep('a', log).step]);
    clock.advance(500);
    expect(log).toEqual([]);
    expect(s.stats().deferredForPressure).toBeGreaterThan(0);
    pressure = false;
    clock.advance(100);
    expect(log).toEqual(['a']);
  });

  it('ends a chain when the device does not answer, and does not ask it again during the cool-down', async () => {
    const clock = new FakeClock();
    const s = new FollowUpScheduler(clock, { underPressure: () => false }, { unreachableCooldownMs: 60_000 });
    const log: string[] = [];
    const info = manualStep('info', log);
    s.schedule('a', [info.step, manualStep('catalog', log).step]);
    info.settle('unreachable');
    await flush();
    expect(log).toEqual(['info']);
    expect(s.isScheduled('a')).toBe(false);
    expect(s.schedule('a', [manualStep('again', log).step])).toBe('cooling-down');
    clock.advance(60_000);
    expect(s.schedule('a', [manualStep('later', log).step])).toBe('queued');
    expect(log).toEqual(['info', 'later']);
  });

  it('goes on to the next step after an answered failure', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false });
    const log: string[] = [];
    const basic = manualStep('basicParam', log);
    s.schedule('a', [basic.step, manualStep('subscribe', log).step]);
    basic.settle('failed');
    await flush();
    expect(log).toEqual(['basicParam', 'subscribe']);
  });

  it('counts a step that throws as failed and keeps going', async () => {
    const errors: string[] = [];
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false, onError: (d, st) => errors.push(`${d}/${st}`) });
    const log: string[] = [];
    s.schedule('a', [{ name: 'boom', run: () => { throw new Error('bug'); } }, manualStep('next', log).step]);
    await flush();
    expect(errors).toEqual(['a/boom']);
    expect(log).toEqual(['next']);
  });

  it('drops the rest of a cancelled chain', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false });
    const log: string[] = [];
    const first = manualStep('first', log);
    s.schedule('a', [first.step, manualStep('second', log).step]);
    s.cancel('a');
    first.settle();
    await flush();
    expect(log).toEqual(['first']);
    expect(s.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('passes over steps that ask to be skipped, without counting them, and ends a chain left with none', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false });
    const log: string[] = [];
    const first = manualStep('first', log);
    s.schedule('a', [first.step, { ...manualStep('skipped', log).step, skip: () => true }, manualStep('last', log).step]);
    s.schedule('b', [{ ...manualStep('b skipped', log).step, skip: () => true }]);
    expect(s.isScheduled('b')).toBe(false);
    first.settle();
    await flush();
    expect(log).toEqual(['first', 'last']);
    expect(s.stats().stepsDone).toBe(1);
  });

  it('refuses chains past the queue bound', () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 1, maxQueued: 2 });
    const log: string[] = [];
    expect(s.schedule('a', [manualStep('a', log).step])).toBe('queued');
    expect(s.schedule('b', [manualStep('b', log).step])).toBe('queued');
    expect(s.schedule('c', [manualStep('c', log).step])).toBe('full');
    expect(s.stats().refusedFull).toBe(1);
  });
});

describe('RegisterPressure', () => {
  it('reports pressure while registrations arrive faster than the limit, and not after', () => {
    const clock = new FakeClock(1_000_000);
    const p = new RegisterPressure(clock, { perSecond: 100, windowMs: 500 });
    for (let i = 0; i < 40; i++) p.note();
    expect(p.underPressure()).toBe(false);
    for (let i = 0; i < 20; i++) p.note();
    expect(p.underPressure()).toBe(true);
    clock.advance(600);
    expect(p.underPressure()).toBe(false);
  });

  it('as shipped, holds follow-ups through a storm and lets them start within a quarter second of its end', () => {
    const clock = new FakeClock(1_000_000);
    const pressure = new RegisterPressure(clock);
    const s = new FollowUpScheduler(clock, { underPressure: () => pressure.underPressure() });
    const log: string[] = [];
    // 5,000 REGISTERs a second for two seconds (2,500 devices/s, each challenged once); the first device's
    // follow-ups are queued once the storm is under way
    for (let ms = 0; ms < 2_000; ms++) {
      for (let i = 0; i < 5; i++) pressure.note();
      if (ms === 100) s.schedule('a', [manualStep('a', log).step]);
      clock.advance(1);
    }
    expect(log).toEqual([]);
    const stormEnd = clock.now();
    while (log.length === 0 && clock.now() - stormEnd < 2_000) clock.advance(1);
    expect(log).toEqual(['a']);
    expect(clock.now() - stormEnd).toBeLessThanOrEqual(250);
  });
});
