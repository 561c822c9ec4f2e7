// A device whose event loop was busy when its answer arrived does not re-send the request (the fleet's clock);
// on the plain system clock it does, which is what the fleet's clock is for.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, systemClock, type Clock } from '../../main/sip/timers/clock';
import { afterInputClock } from './after-input-clock';
import { SipNode } from './node';
import { messageRequest } from './requests';

const SERVER_ID = '34020000002000000001';

/** A platform in another thread: answers every request 200 OK at once, then raises `answered`. */
const PLATFORM = `
  const { parentPort, workerData } = require('node:worker_threads');
  const dgram = require('node:dgram');
  const answered = new Int32Array(workerData.answered);
  const s = dgram.createSocket('udp4');
  s.on('message', (m, r) => {
    const keep = m.toString('latin1').split('\\r\\n').filter((l) => /^(via|from|to|call-id|cseq):/i.test(l));
    s.send('SIP/2.0 200 OK\\r\\n' + keep.join('\\r\\n') + '\\r\\nContent-Length: 0\\r\\n\\r\\n', r.port, r.address, () => {
      Atomics.store(answered, 0, 1);
      Atomics.notify(answered, 0);
    });
  });
  parentPort.on('message', () => s.close(() => parentPort.close()));
  s.bind(0, '127.0.0.1', () => parentPort.postMessage(s.address().port));
`;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Sends one MESSAGE, keeps the loop busy until its Timer E (500 ms) is due with the answer unread, then waits for the answer. */
async function requestDuringBusyTurn(clock: Clock): Promise<number> {
  const answered = new Int32Array(new SharedArrayBuffer(4));
  const platform = new Worker(PLATFORM, { eval: true, workerData: { answered: answered.buffer } });
  cleanups.push(() => new Promise((r) => (platform.postMessage('stop'), platform.once('exit', r))));
  const port = await new Promise<number>((resolve) => platform.once('message', resolve));
  const device = await SipNode.udp('127.0.0.1', clock);
  cleanups.push(() => device.close());
  const local = { transport: 'UDP' as const, host: '127.0.0.1', port: device.local.port };
  const req = messageRequest({ fromId: '34020000001320000001', serverId: SERVER_ID, domain: '3402000000', local, body: Buffer.from('x') });
  const sentAt = Date.now();
  const answer = device.request(req, { transport: 'UDP', address: '127.0.0.1', port });
  // the datagram leaves on the next tick (dgram's address lookup); queued after it, this resumes once it has gone
  await new Promise((r) => process.nextTick(r));
  expect(Atomics.wait(answered, 0, 0, 5000)).not.toBe('timed-out');
  // a long turn, as a storm gives the fleet: Timer E falls due while the answer waits in the socket
  while (Date.now() - sentAt < 600) {
    /* busy */
  }
  expect((await answer).status).toBe(200);
  return device.transactions.retransmissions.requestsResent;
}

describe('the fleet clock: SIP timers after pending input', () => {
  it('an answer that arrived while the loop was busy is read before Timer E can re-send the request', async () => {
    expect(await requestDuringBusyTurn(afterInputClock(systemClock))).toBe(0);
  });

  it('on the plain system clock the same busy turn re-sends it (the hazard)', async () => {
    expect(await requestDuringBusyTurn(systemClock)).toBe(1);
  });

  it('runs a due timer in the check phase, and not at all once cleared, whether still waiting or already due', async () => {
    const inner = new FakeClock();
    const clock = afterInputClock(inner);
    const ran: string[] = [];
    const waiting = clock.setTimeout(() => ran.push('waiting'), 1000);
    const due = clock.setTimeout(() => ran.push('due'), 500);
    const kept = clock.setTimeout(() => ran.push('kept'), 500);
    clock.clearTimeout(waiting);
    inner.advance(1000);
    expect(ran).toEqual([]);
    clock.clearTimeout(due);
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual(['kept']);
  });

  it('a timer that fell due during a long turn waits for three polls, one on time for one', async () => {
    // a clock whose timers the test fires itself, at the time it chooses
    let time = 0;
    const fire: Array<() => void> = [];
    const clock = afterInputClock({ now: () => time, setTimeout: (fn) => ({ id: fire.push(fn) }), clearTimeout: () => undefined });
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('on time'), 500);
    clock.setTimeout(() => ran.push('late'), 500);
    time = 500;
    fire[0]();
    // the loop comes to the second 400 ms after it fell due
    time = 900;
    fire[1]();
    const poll = () => new Promise((r) => setImmediate(r));
    await poll();
    expect(ran).toEqual(['on time']);
    await poll();
    expect(ran).toEqual(['on time']);
    await poll();
    expect(ran).toEqual(['on time', 'late']);
  });
});
