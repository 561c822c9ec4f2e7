// The memory log's own cases: it holds at most logMaxMb (and a message count) as messages arrive, without a prune;
// a text search stops at its budget and says how far back it got.
import { describe, expect, it } from 'vitest';
import { deviceMessage, keepaliveXml, record } from '../signalling/testing/messages';
import { MEMORY_MESSAGE_BYTES, createMemorySignallingLog } from './signalling-log';

const T0 = 1_700_000_000_000;
// SN and Call-ID of three digits: every message the same size.
const keepalive = (i: number) => record(deviceMessage(keepaliveXml(100 + i), `ka-${100 + i}`), 'in', T0 + i);

describe('signalling log in memory', () => {
  it('drops the oldest messages as new ones arrive once it holds logMaxMb', async () => {
    const size = keepalive(0).raw.length + MEMORY_MESSAGE_BYTES;
    const log = createMemorySignallingLog({ settings: () => ({ logRetentionDays: 7, logMaxMb: (50 * size) / 1024 / 1024 }), exportDir: '/nonexistent', timers: false });
    for (let i = 0; i < 120; i++) log.tap.onMessage(keepalive(i));
    await log.flush();
    const ids = (await log.query({ limit: 1000 })).messages.map((m) => m.id);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
    expect(log.stats()).toMatchObject({ received: 120, stored: 120, dropped: 0, messages: 50 });
    expect(log.stats().diskBytes).toBeLessThanOrEqual(50 * size);
    await log.close();
  });

  it('keeps at most maxMessages whatever logMaxMb allows', async () => {
    const log = createMemorySignallingLog({ settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }), exportDir: '/nonexistent', timers: false, maxMessages: 10 });
    for (let i = 0; i < 25; i++) log.tap.onMessage(keepalive(i));
    await log.flush();
    expect((await log.query({})).messages.map((m) => m.id)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(await log.get(15)).toBeUndefined();
    await log.close();
  });

  it('a text search stops at its budget and says how far it got: the id and the stored time of the last message it looked at', async () => {
    // Every look at the clock takes 1 ms: a budget of 0 is spent at the first look, after 255 messages.
    const clock = { t: 0 };
    const log = createMemorySignallingLog({
      settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }), exportDir: '/nonexistent', timers: false, queryBudgetMs: 0, queryClock: () => clock.t++,
    });
    // Message i has id i + 1 and time T0 + 1000 i.
    for (let i = 0; i < 600; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(100 + i), `ka-${100 + i}`), 'in', T0 + 1000 * i));
    await log.flush();
    const pages = [];
    let before: number | undefined;
    for (;;) {
      const r = await log.query({ text: 'zq', before });
      pages.push({ ids: r.messages.map((m) => m.id), hasMore: r.hasMore, searchedTo: r.searchedTo, searchedToTime: r.searchedToTime });
      if (r.searchedTo === undefined) break;
      before = r.searchedTo;
    }
    expect(pages).toEqual([
      { ids: [], hasMore: true, searchedTo: 346, searchedToTime: T0 + 1000 * 345 },
      { ids: [], hasMore: true, searchedTo: 91, searchedToTime: T0 + 1000 * 90 },
      { ids: [], hasMore: false, searchedTo: undefined, searchedToTime: undefined },
    ]);
    // The time of the message searchedTo names.
    expect(pages[0].searchedToTime).toBe((await log.get(pages[0].searchedTo!))!.time);
    await log.close();
  });
});
