import { afterEach, describe, expect, it } from 'vitest';
import type { TransportEvent } from './transport';
import { udpPeer, until } from './testing/peers';
import { UdpTransport } from './udp';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('UDP sends', () => {
  it('made while handling datagrams go out at the end of that turn, in order', async () => {
    const t = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    const peer = await udpPeer();
    cleanups.push(() => t.close(), () => peer.close());
    t.onMessage((d) => void t.send(Buffer.from(`echo ${d.raw.toString()}`), d.source));
    for (let i = 0; i < 5; i++) void peer.send(`n${i}`, t.local.port);
    await until('five echoes', () => peer.received.length === 5);
    expect(peer.received.map((r) => r.raw.toString())).toEqual(['echo n0', 'echo n1', 'echo n2', 'echo n3', 'echo n4']);
  });

  it('made at other times go out in the order they were made, each send resolving', async () => {
    const t = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    const peer = await udpPeer();
    cleanups.push(() => t.close(), () => peer.close());
    const sent = Array.from({ length: 20 }, (_, i) => t.send(Buffer.from(`datagram ${i}`), { transport: 'UDP', address: '127.0.0.1', port: peer.port }));
    await Promise.all(sent);
    await until('all 20', () => peer.received.length === 20);
    expect(peer.received.map((r) => r.raw.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `datagram ${i}`));
  });

  it('are not lost when the transport closes in the same turn', async () => {
    const t = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const sent = [1, 2, 3].map((i) => t.send(Buffer.from(`last ${i}`), { transport: 'UDP', address: '127.0.0.1', port: peer.port }));
    await t.close();
    await Promise.all(sent);
    await until('the three', () => peer.received.length === 3);
  });

  it('that the socket refuses reject with the peer named, and say so as an event', async () => {
    const t = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    cleanups.push(() => t.close());
    const events: TransportEvent[] = [];
    t.onEvent((e) => events.push(e));
    await expect(t.send(Buffer.from('x'), { transport: 'UDP', address: '127.0.0.1', port: 70_000 })).rejects.toThrow(/127\.0\.0\.1:70000/);
    expect(events.some((e) => e.type === 'send-failed')).toBe(true);
  });
});
