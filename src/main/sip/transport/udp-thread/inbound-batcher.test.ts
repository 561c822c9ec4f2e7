import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../timers/clock';
import { DEFAULT_READ_PACING } from '../read-pacing';
import { InboundBatcher, type BatcherLimits } from './inbound-batcher';
import type { PackedDatagrams } from './protocol';

/** A batcher on a fake clock whose deferred hand-overs run when `settle()` is called (the end of a reader wakeup). */
function rig(limits: Partial<BatcherLimits> = {}) {
  const clock = new FakeClock(0);
  let deferred: Array<() => void> = [];
  const batches: Array<{ texts: string[]; dropped: number; at: number; acked?: boolean }> = [];
  const b = new InboundBatcher(
    { now: () => clock.now(), setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as never), defer: (fn) => deferred.push(fn) },
    { pacing: { ...DEFAULT_READ_PACING, minRate: 0 }, maxQueued: 100, maxQueuedBytes: 1 << 20, ...limits },
    (batch: PackedDatagrams, dropped) => batches.push({ texts: unpack(batch), dropped, at: clock.now() }),
  );
  const settle = () => {
    const d = deferred;
    deferred = [];
    for (const fn of d) fn();
  };
  const add = (text: string) => b.add(Buffer.from(text), '127.0.0.1', 5060);
  return { b, clock, batches, settle, add };
}

function unpack(p: PackedDatagrams): string[] {
  const out: string[] = [];
  let at = 0;
  for (const len of p.lengths) {
    out.push(Buffer.from(p.bytes.subarray(at, at + len)).toString());
    at += len;
  }
  return out;
}

describe('the reader thread hands datagrams over in batches', () => {
  it('hands over what one wakeup read together, in order, with its peers', () => {
    const { b, batches, settle } = rig({ pacing: null });
    b.add(Buffer.from('one'), '127.0.0.2', 5061);
    b.add(Buffer.from('two'), '127.0.0.3', 5062);
    expect(batches).toHaveLength(0);
    settle();
    expect(batches).toEqual([{ texts: ['one', 'two'], dropped: 0, at: 0 }]);
  });

  it('gives the next batch only after the SIP thread is done with the last, with everything that came meanwhile', () => {
    const { b, batches, settle, add } = rig({ pacing: null });
    add('a');
    settle();
    add('b');
    add('c');
    settle();
    expect(batches).toHaveLength(1);
    b.done();
    settle();
    expect(batches.map((x) => x.texts)).toEqual([['a'], ['b', 'c']]);
  });

  it('at a trickle, gathers about `batch` datagrams a hand-over, never more than the longest pause apart', () => {
    const { b, clock, batches, settle, add } = rig({ pacing: { ...DEFAULT_READ_PACING, minRate: 0, batch: 24 } });
    // One datagram every 5 ms (200/s), the SIP thread done at once: a pause is 24/200 s.
    for (let i = 0; i < 300; i++) {
      add(`k${i}`);
      settle();
      if (batches.length && !batches.at(-1)!.acked) {
        batches.at(-1)!.acked = true;
        b.done();
      }
      clock.advance(5);
    }
    // The pacer's rate counts whole batches, so their sizes wander around 24 (read-pacing.ts).
    const steady = batches.slice(-8);
    for (const x of steady) expect(x.texts.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < steady.length; i++) expect(steady[i].at - steady[i - 1].at).toBeLessThanOrEqual(DEFAULT_READ_PACING.maxPauseMs);
    expect(steady.reduce((n, x) => n + x.texts.length, 0) / steady.length).toBeGreaterThan(16);
    expect(batches.flatMap((x) => x.texts)).toEqual(Array.from({ length: batches.flatMap((x) => x.texts).length }, (_, i) => `k${i}`));
  });

  it('hands a burst over at once, even inside a pause', () => {
    const { b, clock, batches, settle, add } = rig({ pacing: { ...DEFAULT_READ_PACING, minRate: 0, batch: 24, backlogBurst: 8 } });
    for (let i = 0; i < 100; i++) {
      add(`k${i}`);
      settle();
      b.done();
      clock.advance(10);
    }
    const before = batches.length;
    for (let i = 0; i < 8; i++) add(`burst${i}`);
    settle();
    expect(batches).toHaveLength(before + 1);
    expect(batches.at(-1)!.texts).toHaveLength(8);
  });

  it('drops the newest beyond its bound while the SIP thread is busy, and says how many with the next batch', () => {
    const { b, batches, settle, add } = rig({ pacing: null, maxQueued: 3 });
    add('first');
    settle();
    for (let i = 0; i < 5; i++) add(`w${i}`);
    expect(b.dropped).toBe(2);
    b.done();
    settle();
    expect(batches[1]).toMatchObject({ texts: ['w0', 'w1', 'w2'], dropped: 2 });
  });

  it('bounds the bytes held as well as the count', () => {
    const { b, add } = rig({ pacing: null, maxQueuedBytes: 10 });
    add('12345');
    add('67890');
    add('x');
    expect(b.dropped).toBe(1);
  });

  it('hands nothing over after stop, and a pending pause does nothing', () => {
    const { b, clock, batches, settle, add } = rig();
    add('a');
    settle();
    b.done();
    add('b');
    b.stop();
    settle();
    clock.advance(1000);
    expect(batches).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});
