// Server transaction matching against what real devices send (docs/protocol.md §13), on loopback sockets with the real stack.
import { afterEach, describe, expect, it } from 'vitest';
import { getHeader } from '../message';
import { SipStack } from '../stack/stack';
import { listenUdpAndTcp } from '../transport/listen';
import { parseOrThrow, sipRequest, udpPeer, until, type UdpPeer } from '../transport/testing/peers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1', port: 0 });
  const stack = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' } });
  cleanups.push(() => stack.close());
  const seen: string[] = [];
  stack.onRequest((req, ctx) => {
    seen.push(getHeader(req, 'Call-ID')!);
    ctx.respond(200);
  });
  return { stack, port: udp.local.port, seen };
}

async function peer(): Promise<UdpPeer> {
  const p = await udpPeer();
  cleanups.push(() => p.close());
  return p;
}

function callIdOf(p: UdpPeer, i: number): string | undefined {
  return getHeader(parseOrThrow(p.received[i].raw), 'Call-ID');
}

describe('server transaction matching (RFC 3261 §17.2.3 and real devices)', () => {
  it('passes on each new Call-ID from a device that reuses one branch with CSeq 1, and re-answers a true retransmission', async () => {
    const { port, seen } = await setup();
    const dev = await peer();
    const first = sipRequest('MESSAGE', { branch: 'z9hG4bKfixed', cseq: 1, callId: 'catalog-part-1', body: '<Response/>' });
    const second = sipRequest('MESSAGE', { branch: 'z9hG4bKfixed', cseq: 1, callId: 'catalog-part-2', body: '<Response/>' });
    await dev.send(first, port);
    await until('the answer to the first MESSAGE', () => dev.received[0]);
    await dev.send(second, port);
    await until('the answer to the second MESSAGE', () => dev.received[1]);
    expect(callIdOf(dev, 1)).toBe('catalog-part-2@127.0.0.1');
    await dev.send(second, port);
    await until('the answer to the retransmission', () => dev.received[2]);
    expect(callIdOf(dev, 2)).toBe('catalog-part-2@127.0.0.1');
    expect(dev.received[2].raw.equals(dev.received[1].raw)).toBe(true);
    expect(seen).toEqual(['catalog-part-1@127.0.0.1', 'catalog-part-2@127.0.0.1']);
  });

  it('keeps two devices with the same private sent-by, branch and Call-ID apart by their real source', async () => {
    const { port, seen } = await setup();
    const a = await peer();
    const b = await peer();
    const same = sipRequest('MESSAGE', { branch: 'z9hG4bKfactory', via: 'UDP 192.168.1.64:5060', callId: 'boot1', body: '<Notify/>' });
    await a.send(same, port);
    await until('the answer to device A', () => a.received[0]);
    await b.send(same, port);
    await until('the answer to device B', () => b.received[0]);
    expect(seen).toHaveLength(2);
    const toA = parseOrThrow(a.received[0].raw);
    const toB = parseOrThrow(b.received[0].raw);
    expect(getHeader(toB, 'Via')).toContain(`rport=${b.port}`);
    expect(getHeader(toA, 'Via')).toContain(`rport=${a.port}`);
  });
});
