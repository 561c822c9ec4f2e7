import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { CatalogRecovery } from './catalog-recovery';
import type { ScheduleResult } from './scheduler';

function rig(o: { answer?: ScheduleResult } = {}) {
  const clock = new FakeClock(0);
  const state = { catalogued: new Set<string>(), offline: new Set<string>(), busy: new Set<string>(), gone: new Set<string>() };
  const asked: Array<[string, number]> = [];
  const recovery = new CatalogRecovery(
    clock,
    {
      catalogued: (id) => state.catalogued.has(id),
      online: (id) => !state.offline.has(id),
      known: (id) => !state.gone.has(id),
      busy: (id) => state.busy.has(id),
      ask: (id) => {
        asked.push([id, clock.now()]);
        return o.answer ?? 'queued';
      },
    },
    { delaysMs: [120_000, 600_000], sweepMs: 30_000 },
  );
  return { clock, state, asked, recovery };
}

describe('CatalogRecovery', () => {
  it('asks a device still without its catalogue after each pause, then stops', () => {
    const { clock, asked, recovery } = rig();
    recovery.registered('a');
    clock.advance(90_000);
    expect(asked).toEqual([]);
    clock.advance(30_000);
    expect(asked).toEqual([['a', 120_000]]);
    clock.advance(570_000);
    expect(asked).toHaveLength(1);
    clock.advance(30_000);
    expect(asked).toEqual([['a', 120_000], ['a', 720_000]]);
    clock.advance(3_600_000);
    expect(asked).toHaveLength(2);
    expect(recovery.size).toBe(0);
  });

  it('forgets a device once its catalogue came, or once it is removed', () => {
    const { clock, state, asked, recovery } = rig();
    recovery.registered('a');
    recovery.registered('b');
    state.catalogued.add('a');
    state.gone.add('b');
    clock.advance(30_000);
    expect(recovery.size).toBe(0);
    clock.advance(600_000);
    expect(asked).toEqual([]);
  });

  it('a device that refused the query is not asked again', () => {
    const { clock, asked, recovery } = rig();
    recovery.registered('a');
    recovery.refused('a');
    clock.advance(3_600_000);
    expect(asked).toEqual([]);
  });

  it('waits while the device is offline or its follow-ups still run', () => {
    const { clock, state, asked, recovery } = rig();
    recovery.registered('a');
    state.offline.add('a');
    clock.advance(150_000);
    expect(asked).toEqual([]);
    state.offline.delete('a');
    state.busy.add('a');
    clock.advance(30_000);
    expect(asked).toEqual([]);
    state.busy.delete('a');
    clock.advance(30_000);
    expect(asked).toEqual([['a', 210_000]]);
  });

  it('an ask the scheduler refuses (cooling down) is tried again at the next sweep, not counted', () => {
    const { clock, asked, recovery } = rig({ answer: 'cooling-down' });
    recovery.registered('a');
    clock.advance(180_000);
    expect(asked.map(([, t]) => t)).toEqual([120_000, 150_000, 180_000]);
    expect(recovery.size).toBe(1);
  });

  it('a registration anew starts its pauses over', () => {
    const { clock, asked, recovery } = rig();
    recovery.registered('a');
    clock.advance(90_000);
    recovery.registered('a');
    clock.advance(90_000);
    expect(asked).toEqual([]);
    clock.advance(30_000);
    expect(asked).toEqual([['a', 210_000]]);
  });
});
