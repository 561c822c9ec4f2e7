import { describe, expect, it } from 'vitest';
import { TapQueue } from './tap-queue';
import { deviceMessage, keepaliveXml, record } from './testing/messages';

const T = 1_724_112_000_000;
const turn = () => new Promise<void>((r) => setImmediate(r));

function counting(eachTurn?: boolean) {
  const batches: number[] = [];
  const q = new TapQueue((_buf, _end, count) => batches.push(count), { eachTurn, batchMessages: 100 });
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

  it('with eachTurn false gathers a trickle until its owner hands over, and still sends a full batch at once', async () => {
    const { q, batches, keepalive } = counting(false);
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
});
