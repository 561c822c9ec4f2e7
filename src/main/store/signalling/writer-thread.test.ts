import { afterEach, describe, expect, it } from 'vitest';
import { TapQueue } from './tap-queue';
import { tempDb } from './testing/db';
import { deviceMessage, keepaliveXml, record } from './testing/messages';
import { WriterThread } from './writer-thread';

const T = 1_724_112_000_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('WriterThread', () => {
  it('sends a large commit\'s stored messages back in pieces of at most 500', async () => {
    const t = tempDb();
    cleanups.push(t.cleanup);
    const pieces: number[] = [];
    let queue: TapQueue | null = null;
    const thread = new WriterThread(
      { file: t.db.name, writer: { maxPerTransaction: 500 }, tail: true, retryMs: 1000 },
      { onAck: (a) => queue!.acknowledge(a.count, a.bytes), onStored: (m) => pieces.push(m.length), onError: () => {}, onLost: () => {} },
    );
    cleanups.push(() => thread.close());
    queue = new TapQueue((buf, end, count) => void thread.send(buf, end, count), { eachTurn: false });
    await thread.ready;
    for (let i = 0; i < 1_700; i++) queue.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T + i));
    queue.handOver();
    await thread.flush();
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(1_700);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(500);
  });
});
