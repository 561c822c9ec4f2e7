import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogMessage, LogQuery, LogQueryResult } from '../../../shared/contract';
import { logMessage } from './testing/log-message';

const sent: LogQuery[] = [];
const answers: LogQueryResult[] = [];
vi.mock('../../api/client', () => ({
  api: {
    on: () => () => undefined,
    invoke: async (method: string, params: LogQuery) => {
      if (method !== 'log.query') throw new Error(`unexpected ${method}`);
      sent.push(params);
      const next = answers.shift();
      if (!next) throw new Error('no answer queued');
      return next;
    },
  },
}));

const msg = (id: number): LogMessage => logMessage(id, { deviceId: '34020000001320000001', cmdType: 'Catalog' });

const { useLog } = await import('./log-store');

describe('log store when a search stops at its time budget', () => {
  beforeEach(() => {
    sent.length = 0;
    answers.length = 0;
  });

  it('a first page with no rows that stopped says how far it searched, and is not "no match"', async () => {
    answers.push({ messages: [], hasMore: true, searchedTo: 90_000 });
    await useLog.getState().query({ text: 'Catalog' });
    const s = useLog.getState();
    expect(s.state).toBe('ready');
    expect(s.messages).toHaveLength(0);
    expect(s.hasMore).toBe(true);
    expect(s.searchedTo).toBe(90_000);
  });

  it('searching further back goes on from searchedTo, not from the last row', async () => {
    answers.push({ messages: [], hasMore: true, searchedTo: 90_000 });
    await useLog.getState().query({ text: 'Catalog' });
    answers.push({ messages: [msg(80_000)], hasMore: true, searchedTo: 70_000, searchedToTime: 1_765_000_000_000 });
    await useLog.getState().loadOlder();
    expect(sent[1]).toMatchObject({ text: 'Catalog', before: 90_000 });
    expect(useLog.getState().messages.map((m) => m.id)).toEqual([80_000]);
    expect([useLog.getState().searchedTo, useLog.getState().searchedToTime]).toEqual([70_000, 1_765_000_000_000]);

    answers.push({ messages: [msg(60_000)], hasMore: true });
    await useLog.getState().loadOlder();
    expect(sent[2].before).toBe(70_000);
    expect([useLog.getState().searchedTo, useLog.getState().searchedToTime]).toEqual([null, null]);

    answers.push({ messages: [], hasMore: false });
    await useLog.getState().loadOlder();
    expect(sent[3].before).toBe(60_000);
    expect(useLog.getState().hasMore).toBe(false);
  });

  it('never sends the same before twice in a row when a page makes no progress', async () => {
    answers.push({ messages: [msg(500)], hasMore: true });
    await useLog.getState().query({ method: 'Catalog' });
    answers.push({ messages: [], hasMore: true, searchedTo: 500 });
    await useLog.getState().loadOlder();
    expect(sent[1].before).toBe(500);
    await useLog.getState().loadOlder();
    expect(sent).toHaveLength(2);
    expect(useLog.getState().olderState).toBe('stalled');
  });

  it('a retry after a failed page sends the same before again', async () => {
    answers.push({ messages: [], hasMore: true, searchedTo: 300 });
    await useLog.getState().query({ text: 'x' });
    await useLog.getState().loadOlder(); // no answer queued: fails
    expect(useLog.getState().olderState).toBe('error');
    answers.push({ messages: [], hasMore: false });
    await useLog.getState().loadOlder();
    expect(sent.map((q) => q.before)).toEqual([undefined, 300, 300]);
    expect(useLog.getState().hasMore).toBe(false);
  });
});
