import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { createSignallingLog } from '../../store/signalling';
import { tempDb } from '../../store/signalling/testing/db';
import { DEVICE_ID, SERVER_ID, deviceMessage, keepaliveXml, record, register, response } from '../../store/signalling/testing/messages';
import { dispatch, type ApiHandlers } from '../handlers';
import { logMethods } from './log';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function setup() {
  const t = tempDb();
  const log = createSignallingLog({ db: t.db, settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }), exportDir: `${t.dir}/exports`, timers: false });
  cleanups.push(t.cleanup, () => log.close());
  log.tap.onMessage(record(register(), 'in', 1_000));
  log.tap.onMessage(record(deviceMessage(keepaliveXml(1), 'ka-1'), 'in', 2_000));
  log.flush();
  return logMethods(log) as unknown as ApiHandlers;
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('log API methods', () => {
  it('answers log.query, log.get, log.call and log.export', async () => {
    const h = setup();
    const q = (await dispatch(h, 'log.query', { deviceId: DEVICE_ID, method: 'Keepalive' })) as { messages: { id: number; callId: string }[]; hasMore: boolean };
    expect(q.messages).toHaveLength(1);
    expect(q.hasMore).toBe(false);
    expect(await dispatch(h, 'log.get', { id: q.messages[0].id })).toMatchObject({ cmdType: 'Keepalive', body: { kind: 'xml' } });
    expect(await dispatch(h, 'log.call', { callId: 'ka-1' })).toHaveLength(1);
    const exp = (await dispatch(h, 'log.export', { format: 'text', method: 'REGISTER' })) as { path: string; count: number };
    expect(exp.count).toBe(1);
    expect(fs.readFileSync(exp.path, 'utf8')).toContain('REGISTER sip:');
  });

  it('log.call with near gives the call around that message: a keepalive transaction, not a later one that reused its Call-ID', async () => {
    const t = tempDb();
    const log = createSignallingLog({ db: t.db, settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }), exportDir: `${t.dir}/exports`, timers: false });
    cleanups.push(t.cleanup, () => log.close());
    const other = '34020000001320000002';
    const keepalive = (device: string, at: number) => {
      log.tap.onMessage(record(deviceMessage(keepaliveXml(at, device), 'same-call', device), 'in', at));
      log.tap.onMessage(record(response(200, 'OK', 'MESSAGE', 20, 'same-call', device, SERVER_ID), 'out', at + 1_000));
    };
    keepalive(DEVICE_ID, 10_000);
    keepalive(other, 50_000);
    await log.flush();
    const h = logMethods(log) as unknown as ApiHandlers;
    const first = (await log.query({ deviceId: DEVICE_ID, method: 'Keepalive' })).messages[0];
    const ladder = (await dispatch(h, 'log.call', { callId: 'same-call', near: first.id })) as { deviceId: string; direction: string }[];
    expect(ladder.map((m) => [m.deviceId, m.direction])).toEqual([
      [DEVICE_ID, 'in'],
      [DEVICE_ID, 'out'],
    ]);
  });

  it.each([
    ['log.call', { callId: 'x', near: 0 }, /near must be a whole number/],
    ['log.query', { limit: 0 }, /limit must be a whole number from 1 to 2000; got 0/],
    ['log.query', { limit: 2001 }, /limit must be a whole number from 1 to 2000/],
    ['log.query', { before: 'x' }, /before must be a whole number/],
    ['log.query', { statusClass: '7xx' }, /statusClass must be one of "1xx", "2xx", "3xx", "4xx", "5xx", "6xx" or "request"; got "7xx"/],
    ['log.query', { direction: 'up' }, /direction must be "in" or "out"/],
    ['log.query', { from: 10, to: 5 }, /the time range ends before it starts/],
    ['log.query', { from: '2024-01-01' }, /from must be a time in milliseconds/],
    ['log.query', { text: 'x'.repeat(201) }, /text must be at most 200 characters/],
    ['log.get', {}, /id of the message is missing/],
    ['log.call', { callId: 5 }, /callId must be text/],
    ['log.export', { format: 'csv' }, /format must be "text" or "pcap"; got "csv"/],
  ])('refuses bad parameters of %s %j with a sentence', async (method, params, message) => {
    const err = await rejection(dispatch(setup(), method, params));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(message);
  });

  it('says a message is gone when retention removed it', async () => {
    const err = await rejection(dispatch(setup(), 'log.get', { id: 999 }));
    expect(err.code).toBe('not_found');
    expect(err.message).toBe('signalling log message #999 is not stored (it may have been removed by log retention)');
  });
});
