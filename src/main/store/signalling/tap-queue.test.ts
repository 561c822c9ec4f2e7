import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../sip/timers/clock';
import { TapQueue, type TapQueueOptions } from './tap-queue';
import { deviceMessage, keepaliveXml, record } from './testing/messages';

const T = 1_724_112_000_000;
const turn = () => new Promise<void>((r) => setImmediate(r));

function counting(pace?: TapQueueOptions['pace']) {
  const batches: number[] = [];
  const q = new TapQueue((_buf, _end, count) => batches.push(count), { pace, batchMessages: 100 });
  const keepalive = (i: number) => q.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
  return { q, batches, keepalive };
}

describe('TapQueue', () => {
  it('hands a batch over at the end of each turn of the event loop by default', async () => {
    const { batches, keepalive } = counting();
    for (let i = 0; i < 5; i++) {
      keepalive(i);
      await turn();
    }
    expect(batches).toEqual([1, 1, 1, 1, 1]);
  });

  it('with pace owner gathers a trickle until its owner hands over, and still sends a full batch at once', async () => {
    const { q, batches, keepalive } = counting('owner');
    for (let i = 0; i < 5; i++) {
      keepalive(i);
      await turn();
    }
    expect(batches).toEqual([]);
    q.handOver();
    expect(batches).toEqual([5]);
    // A full batch (its buffer or its message count) goes without waiting for the owner.
    for (let i = 0; i < 100; i++) keepalive(100 + i);
    expect(batches.length).toBeGreaterThan(1);
    q.handOver();
    expect(batches.reduce((a, b) => a + b, 0)).toBe(105);
  });

  it('with pace held holds a trickle until its oldest message is due, and hands a storm over a tick after it filled', () => {
    const clock = new FakeClock();
    const held: [number, number][] = [];
    const q = new TapQueue((_buf, _end, count, heldMs) => held.push([count, heldMs]), { pace: 'held', holdMessages: 250, holdMs: 900, tickMs: 100, now: () => clock.now(), timers: clock });
    const keepalive = (i: number) => q.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    // Nothing to hand over: no timer, so an idle server is not woken.
    expect(clock.pending).toBe(0);
    // 200 messages a second (more than a 16 KB buffer holds) in steps of 100 ms: a hand-over every 900 ms.
    for (let step = 0; step < 20; step++) {
      for (let i = 0; i < 20; i++) keepalive(step * 100 + i);
      clock.advance(100);
      expect(clock.pending).toBeLessThanOrEqual(1);
    }
    expect(held).toEqual([
      [180, 900],
      [180, 900],
    ]);
    clock.advance(1000);
    expect(held[2]).toEqual([40, 900]);
    expect(clock.pending).toBe(0);
    // A storm: the batch that reached holdMessages goes tickMs later with what came meanwhile.
    for (let i = 0; i < 250; i++) keepalive(10_000 + i);
    clock.advance(60);
    for (let i = 0; i < 40; i++) keepalive(20_000 + i);
    expect(held).toHaveLength(3);
    clock.advance(40);
    expect(held[3]).toEqual([290, 100]);
    expect(clock.pending).toBe(0);
    // A hand-over by its owner (a flush) takes the timer with the batch.
    keepalive(30_000);
    expect(clock.pending).toBe(1);
    q.handOver();
    expect(held[4]).toEqual([1, 0]);
    expect(clock.pending).toBe(0);
  });

  it('past its bound sends whole batches to the overflow, and every later one until the writer took all it holds, so the order is kept', () => {
    const route: string[] = [];
    let overflowTakes = true;
    const q = new TapQueue((_b, _e, count) => route.push(`direct ${count}`), {
      pace: 'owner',
      batchMessages: 10,
      maxMessages: 20,
      overflow: (_b, _e, count) => (route.push(`overflow ${count}`), overflowTakes),
    });
    const keepalive = (i: number) => q.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    for (let i = 0; i < 40; i++) keepalive(i);
    expect(route).toEqual(['direct 10', 'direct 10', 'overflow 10', 'overflow 10']);
    expect(q).toMatchObject({ spilled: 20, dropped: 0, queued: 40 });
    // The writer stored the direct batches: room in memory, but the overflow still holds messages, so they go there too.
    q.acknowledge(20, 0);
    for (let i = 40; i < 50; i++) keepalive(i);
    expect(route.at(-1)).toBe('overflow 10');
    expect(q).toMatchObject({ spilled: 30, queued: 30 });
    q.acknowledge(30, 0, 30);
    for (let i = 50; i < 60; i++) keepalive(i);
    expect(route.at(-1)).toBe('direct 10');
    // An overflow that refuses: the batch is shed and counted.
    overflowTakes = false;
    for (let i = 60; i < 80; i++) keepalive(i);
    expect(route.slice(-2)).toEqual(['direct 10', 'overflow 10']);
    expect(q).toMatchObject({ spilled: 0, dropped: 10, queued: 20 });
  });

  it('knows how long the oldest message not yet acknowledged by the writer has waited, through the overflow and back', () => {
    const clock = new FakeClock();
    const q = new TapQueue(() => {}, { pace: 'owner', batchMessages: 10, maxMessages: 20, now: () => clock.now(), overflow: () => true });
    const keepalive = (i: number) => q.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    expect(q.oldestWaitingMs()).toBe(0);
    // An open batch counts from its first message.
    keepalive(0);
    clock.advance(300);
    expect(q.oldestWaitingMs()).toBe(300);
    for (let i = 1; i < 10; i++) keepalive(i);
    // Batches opened at 0 (handed over), 1000 (handed over), 2000 and 3000 (both to the overflow).
    for (const at of [1000, 2000, 3000]) {
      clock.advance(at - clock.now());
      for (let i = 0; i < 10; i++) keepalive(at + i);
    }
    clock.advance(5000 - clock.now());
    expect(q.oldestWaitingMs()).toBe(5000);
    // The writer stored the first batch and half the second: the second's first message is the oldest now.
    q.acknowledge(15, 0);
    expect(q.oldestWaitingMs()).toBe(4000);
    q.acknowledge(5, 0);
    expect(q.oldestWaitingMs()).toBe(3000);
    q.acknowledge(20, 0, 20);
    expect(q.oldestWaitingMs()).toBe(0);
    // Lost with the writer: nothing waits any more.
    for (let i = 0; i < 10; i++) keepalive(9000 + i);
    clock.advance(700);
    expect(q.oldestWaitingMs()).toBe(700);
    q.lose();
    expect(q.oldestWaitingMs()).toBe(0);
  });
});
