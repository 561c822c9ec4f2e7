import { afterEach, describe, expect, it } from 'vitest';
import { TapQueue } from './tap-queue';
import { tempDb } from './testing/db';
import { deviceMessage, keepaliveXml, record } from './testing/messages';
import type { LogMessage } from '../../../shared/types/signalling';
import { WriterThread } from './writer-thread';

const T = 1_724_112_000_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A writer thread on a fresh database with the live tail on, fed through a tap queue. */
async function startThread(onStored: (messages: LogMessage[]) => void) {
  const t = tempDb();
  cleanups.push(t.cleanup);
  let queue: TapQueue | null = null;
  const thread = new WriterThread(
    { file: t.db.name, writer: { maxPerTransaction: 500 }, tail: true, retryMs: 1000 },
    { onAck: (a) => queue!.acknowledge(a.count, a.bytes), onStored, onError: () => {}, onLost: () => {} },
  );
  cleanups.push(() => thread.close());
  queue = new TapQueue((buf, end, count) => void thread.send(buf, end, count), { pace: 'owner' });
  await thread.ready;
  return { thread, queue };
}

describe('WriterThread', () => {
  it('sends a large commit\'s stored messages back in pieces of at most 500', async () => {
    const pieces: number[] = [];
    const { thread, queue } = await startThread((m) => pieces.push(m.length));
    for (let i = 0; i < 1_700; i++) queue.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    queue.handOver();
    await thread.flush();
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(1_700);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(500);
  });
});

describe('WriterThread live tail switch', () => {
  it('sends no stored messages back while the tail is off (a console shows no live log), and sends them again once on', async () => {
    const back: number[] = [];
    const { thread, queue } = await startThread((m) => back.push(...m.map((x) => x.id)));
    const store = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) queue.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
      queue.handOver();
      await thread.flush();
    };
    await store(0, 10);
    expect(back).toHaveLength(10);
    thread.setTail(false);
    await store(10, 20);
    expect(back).toHaveLength(10);
    thread.setTail(true);
    await store(30, 5);
    expect(back).toHaveLength(15);
    expect(back.slice(10)).toEqual(back.slice(10).sort((a, b) => a - b));
    expect(Math.min(...back.slice(10))).toBeGreaterThan(Math.max(...back.slice(0, 10)) + 19);
  });
});
