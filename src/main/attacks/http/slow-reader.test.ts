// A client that opens /api/events and never reads (a frozen tab, a hostile script): the server must not queue
// events for it without limit. It is disconnected past the bound and counted; a client that reads keeps going.
import { afterEach, expect, it } from 'vitest';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../api/http/auth';
import { rawRequest, rawSocket, stalledEventReader, startConsoleUnderAttack, type ConsoleUnderAttack } from './console-under-attack';

let victim: ConsoleUnderAttack | undefined;
afterEach(async () => {
  await victim?.close();
  victim = undefined;
});

const EVENT_BYTES = 64 * 1024;
const TOTAL_BYTES = 64 * 1024 * 1024;
const BOUND = 2 * 1024 * 1024;

it('attack: a stalled /api/events reader is disconnected past the bound and counted; server memory stays bounded', async () => {
  const c = (victim = await startConsoleUnderAttack({ maxEventBufferBytes: BOUND }));
  const stalled = await stalledEventReader(c.port, c.host, c.token());
  const good = await rawSocket(c.port, '/api/events', { protocols: [WS_PROTOCOL, WS_TOKEN_PREFIX + c.token()] });
  if (!('ws' in good)) throw new Error(`refused ${good.refused}`);
  let received = 0;
  const waiters: Array<() => void> = [];
  good.ws.on('message', () => {
    received++;
    waiters.splice(0).forEach((w) => w());
  });
  const receivedAtLeast = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the reading client got ${received} of ${n} events within 10 s`)), 10_000);
      const check = () => (received >= n ? (clearTimeout(timer), resolve()) : waiters.push(check));
      check();
    });

  let unreadOnStalled = 0;
  const stalledClosed = new Promise<void>((resolve, reject) => {
    stalled.once('close', () => resolve());
    stalled.once('resume', () => setTimeout(() => reject(new Error(`the stalled client was never disconnected (${(unreadOnStalled / 1048576).toFixed(1)} MiB arrived once it read)`)), 10_000));
  });
  const memBefore = process.memoryUsage();
  let maxQueued = 0;
  const count = TOTAL_BYTES / EVENT_BYTES;
  const filler = 'x'.repeat(EVENT_BYTES);
  for (let i = 0; i < count; i++) {
    c.core.events.emit('device.removed', { deviceId: `${i}${filler}` });
    maxQueued = Math.max(maxQueued, c.http.eventStats().bufferedBytes);
    // Paced by the client that reads, so only the stalled one falls behind.
    if (i % 16 === 15) await receivedAtLeast(i + 1);
  }
  await receivedAtLeast(count);
  const memAfter = process.memoryUsage();
  const mib = (n: number) => (n / 1048576).toFixed(1);
  console.log(
    `slow reader: ${TOTAL_BYTES / 1048576} MiB of events sent; most queued in the server at once ${mib(maxQueued)} MiB ` +
      `(bound ${BOUND / 1048576} MiB); heap ${mib(memBefore.heapUsed)} -> ${mib(memAfter.heapUsed)} MiB, ` +
      `array buffers ${mib(memBefore.arrayBuffers)} -> ${mib(memAfter.arrayBuffers)} MiB`,
  );

  // The stalled client, once it reads again, gets what was already on the wire and then the end of the connection.
  stalled.on('data', (d: Buffer) => (unreadOnStalled += d.length));
  stalled.resume();
  await stalledClosed;
  console.log(`slow reader: ${mib(unreadOnStalled)} MiB reached the stalled client before it was cut off`);
  expect(maxQueued).toBeLessThanOrEqual(BOUND + 2 * EVENT_BYTES);
  expect(c.http.eventStats()).toMatchObject({ clients: 1, dropped: 1 });

  const stats = await rawRequest(c.port, {
    path: '/api/server.stats',
    headers: { host: c.host, 'content-type': 'application/json', authorization: `Bearer ${c.token()}` },
    body: '{}',
  });
  expect(JSON.parse(stats.body).eventClientsDropped).toBe(1);
  good.ws.terminate();
});
