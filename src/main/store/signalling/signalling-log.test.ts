import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogMessage } from '../../../shared/types/signalling';
import { SipStack } from '../../sip/stack/stack';
import { listenUdpAndTcp } from '../../sip/transport/listen';
import { createSignallingLog, type SignallingLogOptions } from './signalling-log';
import { tempDb, until } from './testing/db';
import { manualTailScheduler } from './testing/tail-scheduler';
import { DEVICE_ID, deviceMessage, keepaliveXml, record, register } from './testing/messages';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function makeLog(opts: Partial<SignallingLogOptions> = {}) {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const log = createSignallingLog({
    db: t.db,
    settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }),
    exportDir: `${t.dir}/exports`,
    ...opts,
  });
  cleanups.push(() => log.close());
  return { log, ...t };
}

describe('createSignallingLog on a real SIP stack (loopback UDP and TCP)', () => {
  it('stores what the stack receives and answers, with device and direction', async () => {
    const batches: LogMessage[][] = [];
    const { log } = makeLog({ onBatch: (m) => batches.push(m), flushIntervalMs: 20 });
    const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1' });
    const stack = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' }, tap: log.tap });
    cleanups.push(() => stack.close());
    stack.onRequest((_req, ctx) => {
      ctx.respond(200);
    });

    const sock = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
    const answered = new Promise<Buffer>((r) => sock.once('message', r));
    sock.send(deviceMessage(keepaliveXml(1), 'ka-udp'), udp.local.port, '127.0.0.1');
    expect((await answered).toString()).toMatch(/^SIP\/2\.0 200 OK/);

    const conn = net.connect(tcp.local.port, '127.0.0.1');
    cleanups.push(() => void conn.destroy());
    const tcpAnswer = new Promise<Buffer>((r) => conn.once('data', r));
    conn.write(register(DEVICE_ID, 'reg-tcp'));
    expect((await tcpAnswer).toString()).toMatch(/^SIP\/2\.0 200 OK/);

    await until(() => batches.flat().length >= 4, 'four messages on the live tail');
    const { messages } = await log.query({ deviceId: DEVICE_ID });
    expect(messages.map((m) => [m.transport, m.direction, m.method ?? m.status, m.cmdType])).toEqual([
      ['TCP', 'out', 200, null],
      ['TCP', 'in', 'REGISTER', null],
      ['UDP', 'out', 200, 'Keepalive'],
      ['UDP', 'in', 'MESSAGE', 'Keepalive'],
    ]);
    expect(messages[3].peerAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(messages[3].localAddress).toBe(`127.0.0.1:${udp.local.port}`);
    expect(batches.flat().map((m) => m.id).sort()).toEqual(messages.map((m) => m.id).sort());
  });
});

describe('createSignallingLog', () => {
  it('runs retention in the background with the current settings', async () => {
    let now = 1_724_112_000_000;
    let days = 7;
    const { log } = makeLog({ now: () => now, settings: () => ({ logRetentionDays: days, logMaxMb: 512 }), pruneIntervalMs: 10 });
    for (let i = 0; i < 20; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', now - i * 86_400_000));
    log.flush();
    await until(() => log.stats().messages === 8, 'age pruning to 7 days');
    days = 2;
    await until(() => log.stats().messages === 3, 'age pruning after the setting changed');
    now += 86_400_000;
    await until(() => log.stats().messages === 2, 'age pruning as time passes');
  });

  it('says how many days the size limit holds at the last day\'s rate', () => {
    let now = 1_724_112_000_000;
    let maxMb = 16;
    const { log } = makeLog({ now: () => now, timers: false, settings: () => ({ logRetentionDays: 7, logMaxMb: maxMb }) });
    expect(log.stats().daysAtLimit).toBeNull();
    // One keepalive a second for an hour.
    for (let i = 0; i < 3600; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', now - 3_600_000 + i * 1000));
    log.flush();
    now += 60_000;
    const s = log.stats();
    const perDay = 86_400 * (3600 / (3_600_000 + 60_000)) * 1000;
    expect(s.daysAtLimit).toBeCloseTo((16 * 1024 * 1024) / (perDay * (s.diskBytes / s.messages)), 3);
    maxMb = 32;
    now += 60_000;
    expect(log.stats().daysAtLimit! / s.daysAtLimit!).toBeCloseTo(2 * (3_720_000 / 3_660_000), 3);
  });

  it('still says it once size retention deleted the first messages of a block', async () => {
    let now = 1_724_112_000_000;
    let maxMb = 512;
    const { log, db } = makeLog({ now: () => now, timers: false, settings: () => ({ logRetentionDays: 7, logMaxMb: maxMb }) });
    const start = now - 3_600_000;
    for (let i = 0; i < 3600; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', start + i * 1000));
    await log.flush();
    // A little less than it takes: the oldest few dozen messages go (of the first block's 97).
    maxMb = (log.stats().diskBytes - 1500) / 1024 / 1024;
    await log.prune();
    now += 60_000; // the figure is recomputed once a minute
    const s = log.stats();
    expect(s.messages).toBeLessThan(3600);
    // The oldest block lost its first messages (retention deletes messages, not whole blocks).
    const firstLeft = 3600 - s.messages;
    const block = db.prepare('SELECT first_id, messages FROM signalling_block_info ORDER BY id LIMIT 1').get() as { first_id: number; messages: number };
    expect(block.first_id).toBeLessThan(firstLeft + 1);
    const perDay = (s.messages * 86_400_000) / (now - (start + firstLeft * 1000));
    expect(s.daysAtLimit).toBeCloseTo((maxMb * 1024 * 1024) / (perDay * (s.diskBytes / s.messages)), 3);
  });

  it('reports messages per second from the tap', () => {
    let now = 5_000;
    const { log } = makeLog({ now: () => now, timers: false });
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < 40; i++) log.tap.onMessage(record(register(), 'in', now));
      now += 1000;
    }
    expect(log.messagesPerSec()).toBe(40);
  });

  it('stores what is queued on close and ignores later messages', () => {
    const { log, db } = makeLog({ timers: false });
    log.tap.onMessage(record(register(), 'in', 1));
    log.close();
    log.tap.onMessage(record(register(), 'in', 2));
    expect(db.prepare('SELECT count(*) AS n FROM signalling_message').get()).toEqual({ n: 1 });
  });

  it('hands the live tail what close() stores, then closes it: nothing is sent after close', async () => {
    const clock = manualTailScheduler();
    const batches: LogMessage[][] = [];
    const { log } = makeLog({ timers: false, onBatch: (m) => batches.push(m), tailScheduler: clock });
    log.tap.onMessage(record(register(), 'in', 1));
    await log.close();
    expect(clock.armed).toBe(1);
    clock.runAll();
    expect(batches).toEqual([]);
  });

  it('gets one message in full and a call ladder oldest first', async () => {
    const { log } = makeLog({ timers: false });
    log.tap.onMessage(record(register(), 'in', 1));
    await log.flush();
    const [m] = (await log.query({})).messages;
    expect(await log.get(m.id)).toMatchObject({ id: m.id, method: 'REGISTER', body: { kind: 'none' } });
    expect(await log.get(m.id + 1)).toBeUndefined();
  });
});
