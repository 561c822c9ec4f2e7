import dgram from 'node:dgram';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransportEvent } from '../transport';
import { udpPeer, until } from '../testing/peers';
import { UdpTransport } from '../udp';
import { UdpThreadTransport } from './transport';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function listening(opts: Parameters<typeof UdpThreadTransport.listen>[0] = {}) {
  const t = await UdpThreadTransport.listen({ address: '127.0.0.1', port: 0, ...opts });
  cleanups.push(() => t.close());
  const got: Array<{ text: string; from: string }> = [];
  t.onMessage((d) => got.push({ text: d.raw.toString(), from: `${d.source.address}:${d.source.port}` }));
  const events: TransportEvent[] = [];
  t.onEvent((e) => events.push(e));
  return { t, got, events };
}

/**
 * A sender on a thread of its own: sends `count` datagrams to `port` in bursts of 20, one burst per turn of its
 * event loop, and sets done[0] when the last one has left (the test's thread may be spinning meanwhile).
 */
function sender(port: number, count: number, done: Int32Array): Worker {
  const code = `
    const { workerData } = require('node:worker_threads');
    const dgram = require('node:dgram');
    const { port, count, done } = workerData;
    const s = dgram.createSocket('udp4');
    let sent = 0, acked = 0;
    const burst = () => {
      for (let i = 0; i < 20 && sent < count; i++, sent++) {
        s.send(Buffer.from('datagram ' + sent + ' ' + 'x'.repeat(300)), port, '127.0.0.1', () => {
          if (++acked === count) { Atomics.store(done, 0, 1); s.close(); }
        });
      }
      if (sent < count) setImmediate(burst);
    };
    burst();`;
  return new Worker(code, { eval: true, workerData: { port, count, done } });
}

/** Keeps this thread busy (a SIP thread in a long turn) until the sender is done or 10 s have passed. */
function busyUntil(done: Int32Array): void {
  const deadline = Date.now() + 10_000;
  while (Atomics.load(done, 0) === 0 && Date.now() < deadline);
}

describe('the SIP UDP port read on its own thread', () => {
  it('delivers datagrams with their source and answers from the bound port', async () => {
    const { t, got } = await listening();
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    t.onMessage((d) => void t.send(Buffer.from(`re: ${d.raw.toString()}`), d.source));
    await peer.send('hello', t.local.port);
    await peer.send('again', t.local.port);
    await until('both answers', () => peer.received.length === 2);
    expect(got).toEqual([
      { text: 'hello', from: `127.0.0.1:${peer.port}` },
      { text: 'again', from: `127.0.0.1:${peer.port}` },
    ]);
    expect(peer.received.map((r) => r.raw.toString())).toEqual(['re: hello', 're: again']);
    expect(peer.received[0].from).toEqual({ address: '127.0.0.1', port: t.local.port });
  });

  it('keeps reading while the SIP thread is busy: nothing is lost where the same socket read on that thread loses most', async () => {
    const count = 2000;
    const threaded = await listening();
    const inThread = await UdpTransport.listen({ address: '127.0.0.1', port: 0, recvBufferBytes: 0 });
    cleanups.push(() => inThread.close());
    let inThreadGot = 0;
    inThread.onMessage(() => inThreadGot++);

    for (const port of [threaded.t.local.port, inThread.local.port]) {
      const done = new Int32Array(new SharedArrayBuffer(4));
      const w = sender(port, count, done);
      cleanups.push(() => void w.terminate());
      busyUntil(done);
      expect(Atomics.load(done, 0)).toBe(1);
    }
    await until('every datagram through the reader thread', () => threaded.got.length === count, 10_000);
    expect(threaded.got.map((g) => g.text.split(' ')[1])).toEqual(Array.from({ length: count }, (_, i) => String(i)));
    expect(threaded.t.dropped).toBe(0);
    // The control: the kernel's default buffer held only part of the burst for the busy thread.
    await until('the in-thread socket to drain', () => inThreadGot > 0);
    expect(inThreadGot).toBeLessThan(count);
  });

  it('reports a send the socket refuses as a send-failed event naming the peer', async () => {
    const { t, events } = await listening();
    await t.send(Buffer.from('x'), { transport: 'UDP', address: '127.0.0.1', port: 0 });
    const failed = await until('send-failed', () => events.find((e) => e.type === 'send-failed'));
    expect(failed.text).toMatch(/^sending to 127\.0\.0\.1:0\/udp failed: /);
  });

  it('fails to bind a port in use with the errno code and the port in its message', async () => {
    const other = dgram.createSocket('udp4');
    await new Promise<void>((r) => other.bind(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => other.close(() => r())));
    const port = other.address().port;
    const err = await UdpThreadTransport.listen({ address: '127.0.0.1', port }).catch((e: NodeJS.ErrnoException) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    expect((err as Error).message).toContain(`cannot open UDP port ${port} on 127.0.0.1`);
  });

  it('frees the port on close, and a send afterwards is refused', async () => {
    const t = await UdpThreadTransport.listen({ address: '127.0.0.1', port: 0 });
    const port = t.local.port;
    await t.close();
    await expect(t.send(Buffer.from('x'), { transport: 'UDP', address: '127.0.0.1', port: 9 })).rejects.toThrow(/closed/);
    const again = await UdpThreadTransport.listen({ address: '127.0.0.1', port });
    await again.close();
  });

  it('opens the port again when its reader thread dies, and says so', async () => {
    const { t, got, events } = await listening();
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const first = t.readerThread;
    await first.terminate();
    const said = await until('the error event', () => events.find((e) => e.type === 'error'));
    expect(said.text).toContain(`opening 127.0.0.1:${t.local.port} again`);
    // The new reader is in place once it has bound the port.
    await until('a new reader', () => t.readerThread !== first);
    await peer.send('back', t.local.port);
    await until('a datagram through the new reader', () => got.length === 1);
    expect(got[0].text).toBe('back');
  });
});
