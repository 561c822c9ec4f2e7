import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { DueSlots, MAX_WAIT_MS } from './due-slots';

function setup() {
  const clock = new FakeClock(0);
  const due: Array<[number, string[]]> = [];
  const slots = new DueSlots(clock, (ids) => due.push([clock.now(), ids]));
  return { clock, due, slots };
}

describe('DueSlots', () => {
  it('hands over each instant its devices, in the order added, behind one timer', () => {
    const { clock, due, slots } = setup();
    slots.add('c', 2_000);
    slots.add('a', 1_000);
    slots.add('b', 1_000);
    expect(clock.pending).toBe(1);
    clock.advance(999);
    expect(due).toEqual([]);
    clock.advance(1);
    expect(due).toEqual([[1_000, ['a', 'b']]]);
    expect(clock.pending).toBe(1);
    clock.advance(1_000);
    expect(due).toEqual([
      [1_000, ['a', 'b']],
      [2_000, ['c']],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('a removed device is not handed over; an emptied instant wakes nobody', () => {
    const { clock, due, slots } = setup();
    slots.add('a', 1_000);
    slots.add('b', 3_000);
    slots.remove('a', 1_000);
    expect(slots.instants).toBe(1);
    clock.advance(5_000);
    expect(due).toEqual([[3_000, ['b']]]);
  });

  it('an instant earlier than the armed one re-arms the timer; a late one waits in steps of at most MAX_WAIT_MS', () => {
    const { clock, due, slots } = setup();
    slots.add('far', 3 * MAX_WAIT_MS);
    expect(clock.nextDue()).toBe(MAX_WAIT_MS);
    slots.add('near', 10);
    expect(clock.nextDue()).toBe(10);
    expect(clock.pending).toBe(1);
    clock.advance(10);
    expect(due).toEqual([[10, ['near']]]);
    clock.advance(3 * MAX_WAIT_MS - 10);
    expect(due.at(-1)).toEqual([3 * MAX_WAIT_MS, ['far']]);
  });

  it('devices moving from instant to instant leave no growing heap behind', () => {
    const { clock, slots } = setup();
    for (let i = 0; i < 100_000; i++) {
      slots.add('a', 1_000_000 - i);
      slots.remove('a', 1_000_000 - i);
    }
    slots.add('a', 5);
    expect(slots.instants).toBe(1);
    expect((slots as unknown as { heap: number[] }).heap.length).toBeLessThanOrEqual(66);
    clock.advance(5);
    expect(slots.instants).toBe(0);
  });

  it('an instant that is not a number never falls due and does not hold back the others', () => {
    const clock = new FakeClock(0);
    const due: Array<[number, string[]]> = [];
    let armed = 0;
    // A timer armed over and over at the same instant would spin the fake clock (and Node) forever: fail instead.
    const bounded = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        if (++armed > 100) throw new Error('the timer was re-armed in a loop');
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (h: Parameters<FakeClock['clearTimeout']>[0]) => clock.clearTimeout(h),
    };
    const slots = new DueSlots(bounded, (ids) => due.push([clock.now(), ids]));
    slots.add('nan', Number.NaN);
    slots.add('a', 50);
    slots.add('b', 20);
    clock.advance(100);
    expect(due).toEqual([
      [20, ['b']],
      [50, ['a']],
    ]);
    slots.remove('nan', Number.NaN);
    expect(slots.instants).toBe(0);
  });

  it('clear() disarms the timer', () => {
    const { clock, due, slots } = setup();
    slots.add('a', 100);
    slots.clear();
    expect(clock.pending).toBe(0);
    clock.advance(1_000);
    expect(due).toEqual([]);
  });
});
