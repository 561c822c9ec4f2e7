import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { followUpSteps, type FollowUpServices } from './after-registration';
import { FollowUpScheduler } from './scheduler';

/** Services that answer at once; `catalogs` says what each Catalog query gets. */
function services(calls: string[], catalogs: Array<{ complete: boolean; received: number }>): FollowUpServices {
  const said = (name: string) => async () => {
    calls.push(name);
  };
  return {
    deviceInfo: said('DeviceInfo'),
    catalog: async () => {
      calls.push('Catalog');
      return catalogs.shift() ?? { complete: true, received: 4 };
    },
    basicParam: said('BasicParam'),
    subscribe: said('Subscribe'),
    isOnline: () => true,
    note: () => {},
  };
}

const idle = async (s: FollowUpScheduler) => {
  for (let i = 0; i < 100 && s.stats().queued + s.stats().running > 0; i++) await new Promise((r) => setImmediate(r));
};

describe('followUpSteps', () => {
  it('asks every device for its Catalog, then every device for its DeviceInfo, before any background step', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 1 });
    const calls: string[] = [];
    for (const id of ['a', 'b', 'c']) s.schedule(id, followUpSteps(id, services(calls, [])));
    await idle(s);
    expect(calls).toEqual([
      ...['Catalog', 'Catalog', 'Catalog'],
      ...['DeviceInfo', 'DeviceInfo', 'DeviceInfo'],
      ...['Subscribe', 'BasicParam', 'Subscribe', 'BasicParam', 'Subscribe', 'BasicParam'],
    ]);
  });

  it('asks for the Catalog once more, before any DeviceInfo, when no part of the answer came', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { maxOutstanding: 1 });
    const calls: string[] = [];
    s.schedule('a', followUpSteps('a', services(calls, [{ complete: false, received: 0 }, { complete: false, received: 0 }])));
    s.schedule('b', followUpSteps('b', services(calls, [])));
    await idle(s);
    expect(calls).toEqual(['Catalog', 'Catalog', 'Catalog', 'DeviceInfo', 'DeviceInfo', 'Subscribe', 'BasicParam', 'Subscribe', 'BasicParam']);
  });

  it('a Catalog the device took but never answered narrows the steps in flight, as a lost answer does', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false }, { minOutstanding: 2, maxOutstanding: 64 });
    const calls: string[] = [];
    for (let i = 0; i < 8; i++) s.schedule(`ok${i}`, followUpSteps(`ok${i}`, services(calls, [])));
    await idle(s);
    const widened = s.stats().window;
    expect(widened).toBeGreaterThan(8);
    s.schedule('late', followUpSteps('late', services(calls, [{ complete: false, received: 0 }])));
    await idle(s);
    // halved once by the unanswered Catalog, then widened by the late device's own answered steps
    expect(s.stats().window).toBeLessThan(widened);
  });

  it('does not ask again after a partial or complete Catalog', async () => {
    const s = new FollowUpScheduler(new FakeClock(), { underPressure: () => false });
    const calls: string[] = [];
    s.schedule('a', followUpSteps('a', services(calls, [{ complete: false, received: 2 }])));
    await idle(s);
    expect(calls.filter((c) => c === 'Catalog')).toHaveLength(1);
    // The unneeded second ask is passed over, not counted as a step.
    expect(s.stats().stepsDone).toBe(4);
  });
});
