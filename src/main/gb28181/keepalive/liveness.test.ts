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
