import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { LivenessMonitor, type OfflineCause } from './liveness';

function setup() {
  const clock = new FakeClock(1_000_000);
  const fired: Array<[string, OfflineCause, number]> = [];
  const m = new LivenessMonitor(clock, (id, cause) => fired.push([id, cause, clock.now()]));
  return { clock, fired, m };
}

describe('LivenessMonitor', () => {
  it('fires the keepalive deadline, not before', () => {
    const { clock, fired, m } = setup();
    m.watch('a', clock.now() + 180_000, clock.now() + 3_600_000);
    clock.advance(179_999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([['a', 'keepalive', 1_180_000]]);
    expect(m.size).toBe(0);
  });

  it('keepalives push the deadline without re-arming each time', () => {
    const { clock, fired, m } = setup();
    m.watch('a', clock.now() + 180_000, clock.now() + 3_600_000);
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      m.alive('a', clock.now() + 180_000);
    }
    expect(clock.pending).toBe(1);
    expect(fired).toEqual([]);
    clock.advance(180_000);
    expect(fired).toEqual([['a', 'keepalive', 1_000_000 + 600_000 + 180_000]]);
  });

  it('registration expiry wins when it comes first', () => {
    const { clock, fired, m } = setup();
    m.watch('a', clock.now() + 180_000, clock.now() + 100_000);
    clock.advance(100_000);
    expect(fired).toEqual([['a', 'expired', 1_100_000]]);
  });

  it('a refresh with an earlier expiry re-arms sooner; forget stops it', () => {
    const { clock, fired, m } = setup();
    m.watch('a', clock.now() + 180_000, clock.now() + 3_600_000);
    m.watch('a', clock.now() + 180_000, clock.now() + 30_000);
    clock.advance(30_000);
    expect(fired.map((f) => f[1])).toEqual(['expired']);
    m.watch('b', clock.now() + 10, clock.now() + 10);
    m.forget('b');
    clock.advance(1_000);
    expect(fired).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it("many devices' timers fall due together (a wake-up a second, not one per device) and still fire at the exact deadline", () => {
    const clock = new FakeClock(1_000_000);
    const fired: Array<[string, number]> = [];
    const dueAt = new Set<number>();
    const counting = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        dueAt.add(clock.now() + ms);
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (h: Parameters<FakeClock['clearTimeout']>[0]) => clock.clearTimeout(h),
    };
    const m = new LivenessMonitor(counting, (id) => fired.push([id, clock.now()]));
    // 1,000 devices keepaliving every 60 s (deadline 180 s), each at its own millisecond, for 10 minutes
    const offset = (i: number) => (i * 7919) % 60_000;
    for (let i = 0; i < 1_000; i++) m.watch(`d${i}`, clock.now() + offset(i) + 180_000, clock.now() + 3_600_000);
    const order = Array.from({ length: 1_000 }, (_, i) => i).sort((a, b) => offset(a) - offset(b));
    for (let minute = 0; minute < 10; minute++) {
      for (const i of order) {
        clock.advance(1_000_000 + minute * 60_000 + offset(i) - clock.now());
        m.alive(`d${i}`, clock.now() + 180_000);
      }
    }
    expect(fired).toEqual([]);
    // timers were set for at most one instant per second of the 10 minutes (one per device and deadline: 5,000)
    expect(dueAt.size).toBeLessThanOrEqual(600);
    // a device that goes silent still goes offline at its exact deadline (its last keepalive + 180 s)
    const last = 1_000_000 + 540_000 + offset(3);
    clock.advance(180_000);
    expect(fired.find(([id]) => id === 'd3')).toEqual(['d3', last + 180_000]);
  });

  it('10,000 devices wait behind one armed timer, not one each', () => {
    const { clock, fired, m } = setup();
    for (let i = 0; i < 10_000; i++) m.watch(`d${i}`, clock.now() + 180_000 + (i % 60) * 1_000 + (i % 997), clock.now() + 3_600_000);
    expect(clock.pending).toBe(1);
    clock.advance(200_000);
    expect(clock.pending).toBe(1);
    expect(fired.length).toBeGreaterThan(3_000);
    expect(fired.length).toBeLessThan(4_000);
    clock.advance(60_000);
    expect(fired).toHaveLength(10_000);
    expect(clock.pending).toBe(0);
  });

  it('a device refreshed by the offline handler of another in the same wake-up waits for its new deadline', () => {
    const clock = new FakeClock(1_000_000);
    const fired: Array<[string, number]> = [];
    const m: LivenessMonitor = new LivenessMonitor(clock, (id) => {
      fired.push([id, clock.now()]);
      if (id === 'a') m.watch('b', clock.now() + 180_000, clock.now() + 3_600_000);
    });
    m.watch('a', clock.now() + 5_000, clock.now() + 60_000);
    m.watch('b', clock.now() + 5_000, clock.now() + 60_000);
    clock.advance(5_000);
    expect(fired).toEqual([['a', 1_005_000]]);
    clock.advance(179_999);
    expect(fired).toHaveLength(1);
    clock.advance(1);
    expect(fired).toEqual([
      ['a', 1_005_000],
      ['b', 1_185_000],
    ]);
  });

  it('a handler that throws for one device does not stop the others due at the same instant', async () => {
    const clock = new FakeClock(1_000_000);
    const fired: string[] = [];
    const m = new LivenessMonitor(clock, (id) => {
      fired.push(id);
      if (id === 'a') throw new Error('handler failed');
    });
    const thrown: unknown[] = [];
    const onUncaught = (err: unknown) => thrown.push(err);
    process.prependListener('uncaughtException', onUncaught);
    try {
      for (const id of ['a', 'b', 'c']) m.watch(id, clock.now() + 5_000, clock.now() + 60_000);
      clock.advance(5_000);
      expect(fired).toEqual(['a', 'b', 'c']);
      expect(m.size).toBe(0);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(thrown).toEqual([new Error('handler failed')]);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });

  it('a registration of weeks is watched with bounded timers and still expires on time', () => {
    const { clock, fired, m } = setup();
    const weeks = 30 * 24 * 3600_000;
    m.watch('a', Number.POSITIVE_INFINITY, clock.now() + weeks);
    expect(clock.nextDue()).toBe(6 * 3600_000);
    clock.advance(weeks - 1);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([['a', 'expired', 1_000_000 + weeks]]);
  });
});
