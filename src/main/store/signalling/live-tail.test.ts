import { describe, expect, it } from 'vitest';
import type { LogMessage } from '../../../shared/types/signalling';
import { LiveTail, type TailScheduler } from './live-tail';
import { RateMeter } from './rate-meter';
import { RingQueue } from './ring-queue';

/** A manual clock with timers: advance(ms) fires what falls due, in order. */
class FakeClock implements TailScheduler {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

const msg = (id: number) => ({ id }) as LogMessage;
const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => msg(from + i));

describe('LiveTail', () => {
  it('sends nothing pushed after it was closed (a log storing its last messages while it closes)', () => {
    const clock = new FakeClock();
    const batches: LogMessage[][] = [];
    const tail = new LiveTail((b) => batches.push(b), { intervalMs: 250 }, clock);
    tail.close();
    tail.push(ids(1, 3));
    clock.advance(1000);
    expect(batches).toEqual([]);
  });

  it('emits at most one batch per interval, holding messages that arrive in between', () => {
    const clock = new FakeClock();
    const out: { at: number; ids: number[]; dropped: number }[] = [];
    const tail = new LiveTail((m, dropped) => out.push({ at: clock.t, ids: m.map((x) => x.id), dropped }), { intervalMs: 250 }, clock);
    tail.push(ids(1, 2));
    clock.advance(0);
    expect(out).toEqual([{ at: 0, ids: [1, 2], dropped: 0 }]);
    for (let i = 0; i < 10; i++) {
      clock.advance(20);
      tail.push([msg(3 + i)]);
    }
    expect(out).toHaveLength(1);
    clock.advance(250);
    expect(out[1]).toEqual({ at: 250, ids: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12], dropped: 0 });
    // Over 2 seconds of steady arrivals: never more than 4 batches per second.
    for (let i = 0; i < 200; i++) {
      tail.push([msg(100 + i)]);
      clock.advance(10);
    }
    const gaps = out.slice(1).map((b, i) => b.at - out[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
  });

  it('caps the batch and reports how many were dropped', () => {
    const clock = new FakeClock();
    const out: { ids: number[]; dropped: number }[] = [];
    const tail = new LiveTail((m, dropped) => out.push({ ids: m.map((x) => x.id), dropped }), { intervalMs: 250, maxBatch: 500 }, clock);
    tail.push([msg(0)]);
    clock.advance(0);
    tail.push(ids(1, 1200));
    clock.advance(250);
    expect(out[1].ids).toHaveLength(500);
    expect(out[1].ids[0]).toBe(701);
    expect(out[1].ids[499]).toBe(1200);
    expect(out[1].dropped).toBe(700);
    tail.push([msg(2000)]);
    clock.advance(250);
    expect(out[2]).toEqual({ ids: [2000], dropped: 0 });
  });

  it('survives a throwing listener and stops on close', () => {
    const clock = new FakeClock();
    let calls = 0;
    const tail = new LiveTail(() => {
      calls++;
      throw new Error('renderer gone');
    }, {}, clock);
    tail.push([msg(1)]);
    clock.advance(0);
    tail.push([msg(2)]);
    clock.advance(250);
    expect(calls).toBe(2);
    tail.push([msg(3)]);
    tail.close();
    clock.advance(1000);
    expect(calls).toBe(2);
  });
});

describe('RateMeter', () => {
  it('averages the last five whole seconds', () => {
    let now = 10_000;
    const meter = new RateMeter(() => now);
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < 200; i++) meter.add();
      now += 1000;
    }
    expect(meter.perSecond()).toBe(200);
    now += 3000;
    expect(meter.perSecond()).toBe(80);
    now += 10_000;
    expect(meter.perSecond()).toBe(0);
  });
});

describe('RingQueue', () => {
  it('drops the oldest when full and restores a taken batch at the front', () => {
    const q = new RingQueue<number>(3);
    for (let i = 1; i <= 5; i++) q.push(i);
    expect(q.dropped).toBe(2);
    const batch = q.take(2);
    expect(batch).toEqual([3, 4]);
    q.restore(batch);
    expect(q.take(10)).toEqual([3, 4, 5]);
    for (let i = 6; i <= 8; i++) q.push(i);
    const again = q.take(2);
    q.push(9);
    q.restore(again); // room for one: the older of the two is dropped
    expect(q.dropped).toBe(3);
    expect(q.take(10)).toEqual([7, 8, 9]);
  });
});
