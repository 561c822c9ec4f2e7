// The SIP UDP port with its socket on a thread of its own: datagrams in and out as with the in-thread transport,
// and a burst that arrives while the main thread is busy waits in memory instead of being lost in the kernel's
// receive buffer (docs/protocol.md §15).
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundData, Transport, TransportEvent } from '../transport';
import { UdpTransport } from '../udp';
import { udpPeer, until } from '../testing/peers';
import { ThreadedUdpTransport } from './threaded-udp';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function threaded(opts: Parameters<typeof ThreadedUdpTransport.listen>[0] = {}): Promise<ThreadedUdpTransport> {
  const t = await ThreadedUdpTransport.listen({ address: '127.0.0.1', ...opts });
  cleanups.push(() => t.close());
  return t;
}

function collect(t: Transport): { got: InboundData[]; events: TransportEvent[] } {
  const got: InboundData[] = [];
  const events: TransportEvent[] = [];
  t.onMessage((d) => got.push(d));
  t.onEvent((e) => events.push(e));
  return { got, events };
}

/**
 * A peer on a thread of its own that sends `count` datagrams of `size` bytes to `port`, `perTick` every 10 ms, once
 * told to; it answers with the time it sent the last one (performance.timeOrigin-based milliseconds).
 */
function burstSender(port: number, count: number, size: number, perTick: number): { ready: Promise<void>; go(): Promise<number>; close(): Promise<number> } {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const dgram = require('node:dgram');
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1', () => parentPort.postMessage('ready'));
    parentPort.once('message', () => {
      let sent = 0;
      const tick = () => {
        for (let i = 0; i < ${perTick} && sent < ${count}; i++, sent++) {
          const b = Buffer.alloc(${size}, 0x41);
          b.writeUInt32BE(sent, 0);
          s.send(b, ${port}, '127.0.0.1');
        }
        if (sent < ${count}) setTimeout(tick, 10);
        else parentPort.postMessage(performance.timeOrigin + performance.now());
      };
      tick();
    });`;
  const w = new Worker(code, { eval: true });
  const ready = new Promise<void>((resolve) => w.once('message', () => resolve()));
  return {
    ready,
    go: () =>
      new Promise<number>((resolve) => {
        w.once('message', (at: number) => resolve(at));
        w.postMessage('go');
      }),
    close: () => w.terminate(),
  };
}

/** Holds the main thread, as a long collection or a big batch would. */
function busyFor(ms: number): number {
  const end = performance.now() + ms;
  while (performance.now() < end);
  return performance.timeOrigin + performance.now();
}

/** `count` datagrams of `size` bytes sent at `t` while the main thread is held, until `t` says it dropped some. */
async function floodWhileBusy(t: ThreadedUdpTransport, count: number, size: number, perTick: number): Promise<{ got: InboundData[]; events: TransportEvent[] }> {
  const seen = collect(t);
  const sender = burstSender(t.local.port, count, size, perTick);
  cleanups.push(() => sender.close());
  await sender.ready;
  const lastSent = sender.go();
  busyFor(800);
  await lastSent;
  await until('the drops reported', () => seen.events.some((e) => e.type === 'error' && /dropped \d+ datagrams/.test(e.text)));
  return seen;
}

describe('the SIP UDP socket on its own thread', () => {
  it('delivers datagrams with their source, sends from its own port, and reports both to the tap', async () => {
    const t = await threaded();
    const { got } = collect(t);
    const tapped: Array<{ direction: string; raw: string }> = [];
    t.setTap({ onMessage: (m) => tapped.push({ direction: m.direction, raw: m.raw.toString() }) });
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    for (let i = 0; i < 50; i++) await peer.send(`datagram ${i}`, t.local.port, '127.0.0.1');
    await until('50 datagrams', () => got.length === 50);
    expect(got.map((d) => d.raw.toString())).toEqual(Array.from({ length: 50 }, (_, i) => `datagram ${i}`));
    expect(got[0].source).toEqual({ transport: 'UDP', address: '127.0.0.1', port: peer.port });
    expect(got[0].datagramLength).toBe('datagram 0'.length);
    await Promise.all([t.send(Buffer.from('answer 1'), got[0].source), t.send(Buffer.from('answer 2'), got[0].source)]);
    await until('two answers', () => peer.received.length === 2);
    expect(peer.received.map((r) => r.raw.toString())).toEqual(['answer 1', 'answer 2']);
    expect(peer.received[0].from.port).toBe(t.local.port);
    expect(tapped.filter((m) => m.direction === 'in')).toHaveLength(50);
    expect(tapped.filter((m) => m.direction === 'out').map((m) => m.raw)).toEqual(['answer 1', 'answer 2']);
  });

  it('keeps a burst that arrives while the main thread is busy, where the kernel buffer alone loses most of it', { timeout: 30_000 }, async () => {
    // 1,500 datagrams of 1 KB in 0.4 s: at about 2.3 KB each as the kernel counts them, more than Linux's default
    // receive buffer (208 KiB) holds while nobody reads. Both transports keep the default (recvBufferBytes 0).
    const count = 1500;
    const burstTruesize = count * 2304;
    const run = async (t: Transport): Promise<{ received: number; burstEndedInTime: boolean }> => {
      const { got } = collect(t);
      const sender = burstSender(t.local.port, count, 1000, 40);
      cleanups.push(() => sender.close());
      await sender.ready;
      const lastSent = sender.go();
      const blockedUntil = busyFor(1500);
      const sentAt = await lastSent;
      // Everything that will arrive has arrived once a marker sent after the burst is in.
      const marker = await udpPeer();
      cleanups.push(() => marker.close());
      await marker.send('marker', t.local.port, '127.0.0.1');
      await until('the marker', () => got.some((d) => d.raw.toString() === 'marker'), 10_000);
      return { received: got.length - 1, burstEndedInTime: sentAt < blockedUntil };
    };
    const withThread = await run(await threaded({ recvBufferBytes: 0 }));
    expect(withThread.burstEndedInTime).toBe(true);
    expect(withThread.received).toBe(count);

    // The same burst at an in-thread socket (the transport before): the kernel's buffer overflows.
    const rmemDefault = Number(fs.readFileSync('/proc/sys/net/core/rmem_default', 'utf8'));
    if (rmemDefault >= burstTruesize) return; // a host whose default buffer holds the whole burst shows no loss
    const inThread = await UdpTransport.listen({ address: '127.0.0.1', recvBufferBytes: 0 });
    cleanups.push(() => inThread.close());
    const without = await run(inThread);
    expect(without.burstEndedInTime).toBe(true);
    expect(without.received).toBeLessThan(count);
  });

  it('drops what arrives past its bound on received and unhandled bytes, and says so', { timeout: 30_000 }, async () => {
    const t = await threaded({ maxQueuedBytes: 100 * 1000 });
    const { got, events } = await floodWhileBusy(t, 400, 1000, 40);
    await until('what was kept', () => got.length + t.dropped === 400, 10_000);
    // Said at once and then at most once a second, each time with how many since it was last said.
    const saidDropped = () => events.reduce((n, e) => n + (e.type === 'error' ? Number(/dropped (\d+) datagrams/.exec(e.text)?.[1] ?? 0) : 0), 0);
    await until('every drop said', () => saidDropped() === t.dropped, 5_000);
    expect(events.filter((e) => e.type === 'error').length).toBeLessThanOrEqual(2);
    // 1,016 bytes each as packed (the address and lengths counted too): 98 fit.
    expect(got.length).toBeGreaterThanOrEqual(98);
    expect(got.length).toBeLessThan(400);
    const said = events.find((e) => e.type === 'error')!;
    expect(said).toMatchObject({ transport: 'UDP' });
    expect((said as { text: string }).text).toMatch(new RegExp(`^the SIP UDP port 127\\.0\\.0\\.1:${t.local.port} dropped \\d+ datagrams: 98 KiB received were still waiting to be handled$`));
  });

  it('counts a datagram against that bound with what it costs beside its payload, so tiny ones cannot pile up', { timeout: 30_000 }, async () => {
    // 4-byte datagrams from 127.0.0.1 take 20 bytes each as packed: 1,000 fit in 20,000 bytes, where counting
    // their payloads alone would let all 3,000 in.
    const t = await threaded({ maxQueuedBytes: 20_000 });
    const { got } = await floodWhileBusy(t, 3000, 4, 300);
    // Once what waited has been handled, a marker gets in.
    const marker = await udpPeer();
    cleanups.push(() => marker.close());
    await until('a marker', () => {
      void marker.send('marker', t.local.port, '127.0.0.1');
      return got.some((d) => d.raw.toString() === 'marker');
    });
    const burst = got.filter((d) => d.raw.length === 4);
    expect(burst.length).toBeGreaterThanOrEqual(900);
    expect(burst.length).toBeLessThanOrEqual(1000);
  });

  it('fails a send it cannot make with a readable reason, and goes on sending', async () => {
    const t = await threaded();
    const { events } = collect(t);
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const bad = { transport: 'UDP' as const, address: '127.0.0.1', port: 0 };
    const good = { transport: 'UDP' as const, address: '127.0.0.1', port: peer.port };
    const results = await Promise.allSettled([t.send(Buffer.from('one'), good), t.send(Buffer.from('lost'), bad), t.send(Buffer.from('two'), good)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).toMatch(/^sending to 127\.0\.0\.1:0\/udp failed: /);
    expect(events).toContainEqual(expect.objectContaining({ type: 'send-failed', peer: bad }));
    await until('both good datagrams', () => peer.received.length === 2);
  });

  it('sends what it was given before it closes, and then refuses to send', async () => {
    const t = await ThreadedUdpTransport.listen({ address: '127.0.0.1' });
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const to = { transport: 'UDP' as const, address: '127.0.0.1', port: peer.port };
    const sends = Array.from({ length: 20 }, (_, i) => t.send(Buffer.from(`last ${i}`), to));
    await t.close();
    await Promise.all(sends);
    await until('all 20', () => peer.received.length === 20);
    await expect(t.send(Buffer.from('late'), to)).rejects.toThrow(/^UDP transport closed; cannot send to 127\.0\.0\.1:\d+\/udp$/);
  });

  it('fails to start on a port in use with the port, the address and the errno code', async () => {
    const t = await threaded();
    const err = await ThreadedUdpTransport.listen({ address: '127.0.0.1', port: t.local.port }).catch((e: NodeJS.ErrnoException) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    expect((err as Error).message).toMatch(new RegExp(`^cannot open UDP port ${t.local.port} on 127\\.0\\.0\\.1: `));
  });

  it('starts its thread again on the same port when it dies, and says so', { timeout: 20_000 }, async () => {
    const t = await threaded();
    const { got, events } = collect(t);
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    await (t as unknown as { worker: Worker }).worker.terminate();
    await until('the loss said', () => events.some((e) => e.type === 'error' && /^the SIP UDP thread of 127\.0\.0\.1:\d+ stopped \(exit code 1\); restarting it$/.test(e.text)));
    // Sent while no thread is there: it goes out once the new one has bound the port.
    const sentMeanwhile = t.send(Buffer.from('meanwhile'), { transport: 'UDP', address: '127.0.0.1', port: peer.port });
    await until('the send made meanwhile', () => peer.received.some((r) => r.raw.toString() === 'meanwhile'), 10_000);
    await sentMeanwhile;
    // Until the new thread has bound the port, what is sent there is lost: send until one arrives.
    await until(
      'a datagram through the new thread',
      () => {
        void peer.send('again', t.local.port, '127.0.0.1');
        return got.length > 0;
      },
      10_000,
    );
    expect(got[0].raw.toString()).toBe('again');
    expect(net.isIP(got[0].source.address)).toBe(4);
  });
});

const hasIpv6 = await UdpTransport.listen({ address: '::1' }).then(
  (t) => t.close().then(() => true),
  () => false,
);

describe.skipIf(!hasIpv6)('the SIP UDP socket thread on IPv6', () => {
  it('binds ::1, sees the peer as ::1 and answers it there', async () => {
    const t = await threaded({ address: '::1' });
    const { got } = collect(t);
    expect(t.local.address).toBe('::1');
    const peer = dgram.createSocket('udp6');
    await new Promise<void>((r) => peer.bind(0, '::1', () => r()));
    cleanups.push(() => new Promise<void>((r) => peer.close(() => r())));
    const answers: string[] = [];
    peer.on('message', (raw) => answers.push(raw.toString()));
    peer.send('hello over IPv6', t.local.port, '::1');
    await until('the datagram', () => got.length === 1);
    expect(got[0].source).toEqual({ transport: 'UDP', address: '::1', port: peer.address().port });
    await t.send(Buffer.from('hello back'), got[0].source);
    await until('the answer', () => answers.length === 1);
    expect(answers).toEqual(['hello back']);
  });
});
