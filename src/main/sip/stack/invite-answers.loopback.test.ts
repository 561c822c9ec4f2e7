// What the INVITE client side does with answers real devices send, on loopback sockets with the real stack.
import { afterEach, describe, expect, it } from 'vitest';
import { getHeader } from '../message';
import type { SipMessage, SipRequest } from '../message/types';
import { listenUdpAndTcp } from '../transport/listen';
import { parseOrThrow, tcpListener, udpPeer, until } from '../transport/testing/peers';
import { SipTransactionError } from './errors';
import { SipStack, type StackEvent } from './stack';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1', port: 0 });
  const stack = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' } });
  const events: StackEvent[] = [];
  stack.onEvent((e) => events.push(e));
  cleanups.push(() => stack.close());
  return { stack, events };
}

function invite(stack: SipStack, port: number): SipRequest {
  return stack.createRequest({
    method: 'INVITE',
    uri: `sip:34020000001320000001@127.0.0.1:${port}`,
    from: 'sip:34020000002000000001@3402000000',
    to: 'sip:34020000001320000001@3402000000',
    body: Buffer.from('v=0\r\n'),
    contentType: 'application/sdp',
  });
}

/** A 200 to `raw`'s request; `toTag` undefined leaves the To header as the request had it. */
function ok(req: SipMessage, toTag?: string): string {
  const vias = req.headers.filter((h) => h.name === 'Via').map((h) => `Via: ${h.value}\r\n`).join('');
  const to = getHeader(req, 'To') + (toTag ? `;tag=${toTag}` : '');
  return (
    `SIP/2.0 200 OK\r\n${vias}From: ${getHeader(req, 'From')}\r\nTo: ${to}\r\nCall-ID: ${getHeader(req, 'Call-ID')}\r\n` +
    `CSeq: ${getHeader(req, 'CSeq')}\r\nContact: <sip:34020000001320000001@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n`
  );
}

/** The promise's outcome, or a failure when it does not settle within `ms`. */
function within<T>(p: Promise<T>, ms = 2_000): Promise<T> {
  return Promise.race([p, new Promise<T>((_r, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms))]);
}

describe('INVITE answers', () => {
  it('fails an INVITE answered 200 without a To tag at once, with a clear reason, and ends its transaction', async () => {
    const { stack, events } = await setup();
    const dev = await udpPeer();
    cleanups.push(() => dev.close());
    dev.onDatagram = (raw) => {
      const m = parseOrThrow(raw);
      return m.kind === 'request' && m.method === 'INVITE' ? ok(m) : undefined;
    };
    const err = (await within(stack.invite(invite(stack, dev.port), { transport: 'UDP', address: '127.0.0.1', port: dev.port }).catch((e: unknown) => e))) as SipTransactionError;
    expect(err).toBeInstanceOf(SipTransactionError);
    expect(err.status).toBe(502);
    expect(err.message).toBe(`127.0.0.1:${dev.port}/udp answered 200 to INVITE without a To tag, so no call can be set up (RFC 3261 §12.1.2)`);
    expect(err.text).toEqual({ code: 'sip.noToTag', params: { address: `127.0.0.1:${dev.port}/udp`, status: 200 }, text: err.message });
    expect(stack.transactions.clientCount).toBe(0);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('sends the ACK for a 2xx over TCP on the INVITE connection only, never on a new one', async () => {
    const { stack } = await setup();
    const dev = await tcpListener();
    cleanups.push(() => dev.close());
    const dest = { transport: 'TCP' as const, address: '127.0.0.1', port: dev.port };
    const pending = stack.invite(invite(stack, dev.port), dest, { autoAck: false });
    const req = await until('the INVITE at the device', () => dev.peers[0]?.messages[0]);
    await dev.peers[0].write(ok(req, 'dev'));
    const { dialog } = await pending;
    dev.peers[0].close();
    await until('the connection to close', () => !stack.flowFor(dest));
    const err = (await stack.ack(dialog!).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^no open TCP connection from 127\.0\.0\.1:\d+/);
    expect(dev.peers).toHaveLength(1);
  });
});
