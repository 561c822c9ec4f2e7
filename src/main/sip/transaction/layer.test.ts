import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createResponse, getCSeq, parseMessage } from '../message';
import type { SipRequest, SipResponse } from '../message/types';
import { FakeClock } from '../timers/clock';
import { TransportLayer } from '../transport/layer';
import { InMemoryNetwork } from '../transport/memory';
import { TransactionLayer } from './layer';
import type { ServerTransaction } from './server';
import { clientUser, request, settle } from './testing/kit';

function setup() {
  const clock = new FakeClock();
  const net = new InMemoryNetwork();
  const peerT = net.transport('UDP', { address: '10.0.0.7', port: 5060 });
  const ourT = net.transport('UDP', { address: '10.0.0.1', port: 5060 });
  const layer = new TransactionLayer({ transport: new TransportLayer([ourT]), clock });
  const peerLayer = new TransactionLayer({ transport: new TransportLayer([peerT]), clock });
  return { clock, net, ourT, peerT, layer, peerLayer };
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const PEER = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };
const US = { transport: 'UDP' as const, address: '10.0.0.1', port: 5060 };

/** Ten MESSAGEs, each with its own branch: weak references to each transaction and request, and their users. */
function sendTen(layer: TransactionLayer): { kept: WeakRef<object>[]; users: ReturnType<typeof clientUser>[] } {
  const kept: WeakRef<object>[] = [];
  const users: ReturnType<typeof clientUser>[] = [];
  for (let i = 0; i < 10; i++) {
    const req = request('MESSAGE', { branch: `z9hG4bKk${i}` });
    const user = clientUser();
    users.push(user);
    kept.push(new WeakRef(layer.sendRequest(req, PEER, user)), new WeakRef(req));
  }
  return { kept, users };
}

describe('TransactionLayer', () => {
  it('matches responses by branch and CSeq method and forgets transactions once terminated', async () => {
    const { clock, layer, peerLayer } = setup();
    peerLayer.setHandlers({ onRequest: (req, tx) => tx.respond(createResponse(req, 200, 'OK', { toTag: 't' })) });
    const user = clientUser();
    layer.sendRequest(request('MESSAGE', { branch: 'z9hG4bKm1' }), PEER, user);
    await settle();
    expect(user.responses).toEqual([200]);
    expect(layer.clientCount).toBe(1); // Completed, waiting out Timer K
    expect(peerLayer.serverCount).toBe(1); // Completed, waiting out Timer J
    clock.advance(32_000);
    expect(layer.clientCount).toBe(0);
    expect(peerLayer.serverCount).toBe(0);
  });

  it('keeps a completed UDP non-INVITE client transaction as its key alone: neither its request nor its user waits out Timer K', async () => {
    const { clock, layer, peerLayer } = setup();
    peerLayer.setHandlers({ onRequest: (req, tx) => tx.respond(createResponse(req, 200, 'OK', { toTag: 't' })) });
    // Made in a function of their own: a suspended async frame could hold the last request in a register.
    const { kept, users } = sendTen(layer);
    await settle();
    expect(users.map((u) => u.responses)).toEqual(Array.from({ length: 10 }, () => [200]));
    users.length = 0;
    await new Promise(setImmediate);
    gc();
    expect(kept.map((r, i) => (r.deref() !== undefined ? i : -1)).filter((i) => i >= 0)).toEqual([]);
    expect(layer.clientCount).toBe(10);
    clock.advance(5_000);
    expect(layer.clientCount).toBe(0);
  });

  it('absorbs a repeat of the final response while Timer K runs; after it the repeat is a stray', async () => {
    const { clock, layer, peerT } = setup();
    const strays: SipResponse[] = [];
    layer.setHandlers({ onRequest: () => {}, onStrayResponse: (r) => strays.push(r) });
    const user = clientUser();
    const req = request('MESSAGE', { branch: 'z9hG4bKrep' });
    layer.sendRequest(req, PEER, user);
    const final = createResponse(req, 200, 'OK', { toTag: 't' });
    await peerT.send(final, US);
    await settle();
    await peerT.send(final, US);
    await peerT.send(createResponse(request('MESSAGE', { branch: 'z9hG4bKrep', cseq: 7 }), 200), US);
    await settle();
    expect(user.responses).toEqual([200]);
    expect(strays.map((r) => getCSeq(r)?.seq)).toEqual([7]);
    clock.advance(5_000);
    await peerT.send(final, US);
    await settle();
    expect(strays.map((r) => getCSeq(r)?.seq)).toEqual([7, 1]);
    expect(user.responses).toEqual([200]);
  });

  it('passes a response with a foreign branch to the stray handler, not to a transaction', async () => {
    const { layer, peerT } = setup();
    const strays: SipResponse[] = [];
    layer.setHandlers({ onRequest: () => {}, onStrayResponse: (r) => strays.push(r) });
    const user = clientUser();
    const req = request('MESSAGE', { branch: 'z9hG4bKmine' });
    layer.sendRequest(req, PEER, user);
    const other = createResponse(request('MESSAGE', { branch: 'z9hG4bKother' }), 200);
    const sameBranchOtherCSeq = createResponse(request('MESSAGE', { branch: 'z9hG4bKmine', cseq: 99 }), 200);
    await peerT.send(other, US);
    await peerT.send(sameBranchOtherCSeq, US);
    await settle();
    expect(user.responses).toEqual([]);
    expect(strays).toHaveLength(2);
  });

  it('absorbs the ACK for a non-2xx inside the INVITE server transaction (the TU never sees it)', async () => {
    const { clock, layer, peerT } = setup();
    const acks: SipRequest[] = [];
    let tx: ServerTransaction | undefined;
    layer.setHandlers({
      onRequest: (req, t) => {
        tx = t;
        t.respond(createResponse(req, 486, 'Busy Here', { toTag: 'b' }));
      },
      onAck: (ack) => acks.push(ack),
    });
    await peerT.send(request('INVITE', { branch: 'z9hG4bKinv' }), US);
    await settle();
    await peerT.send(request('ACK', { branch: 'z9hG4bKinv', toTag: 'b' }), US);
    await settle();
    expect(tx?.state).toBe('Confirmed');
    expect(acks).toEqual([]);
    clock.advance(5_000);
    expect(layer.serverCount).toBe(0);
  });

  it('keeps REGISTER CSeq 1 and CSeq 2 with one branch apart, and re-sends each one its own answer', async () => {
    const { layer, peerT, ourT } = setup();
    const calls: number[] = [];
    layer.setHandlers({
      onRequest: (req, t) => {
        calls.push(getCSeq(req)!.seq);
        t.respond(createResponse(req, getCSeq(req)!.seq === 1 ? 401 : 200, undefined, { toTag: 'r' }));
      },
    });
    const r1 = request('REGISTER', { branch: 'z9hG4bKsame', cseq: 1 });
    const r2 = request('REGISTER', { branch: 'z9hG4bKsame', cseq: 2 });
    for (const r of [r1, r2, r1, r2]) {
      await peerT.send(r, US);
      await settle();
    }
    expect(calls).toEqual([1, 2]);
    expect(layer.serverCount).toBe(2);
    const answers = ourT.sent.map((s) => parseMessage(s.raw)).map((r) => (r.ok && r.message.kind === 'response' ? `${r.message.status}/${getCSeq(r.message)!.seq}` : '?'));
    expect(answers).toEqual(['401/1', '200/2', '401/1', '200/2']);
  });
});

describe('TransactionLayer retransmission counters', () => {
  it('counts the requests it re-sends (Timer E) and the repeats it receives, pending and answered alike', async () => {
    const { clock, layer, peerLayer } = setup();
    let pending: { tx: ServerTransaction; req: SipRequest } | undefined;
    peerLayer.setHandlers({ onRequest: (req, tx) => (pending = { tx, req }) });
    layer.sendRequest(request('MESSAGE', { branch: 'z9hG4bKslow' }), PEER, clientUser());
    await settle();
    expect(layer.retransmissions).toEqual({ requestsResent: 0, requestRepeatsReceived: 0 });
    clock.advance(500); // T1: the first re-send, to a transaction the peer still works on
    await settle();
    clock.advance(1_000);
    await settle();
    expect(layer.retransmissions.requestsResent).toBe(2);
    expect(peerLayer.retransmissions.requestRepeatsReceived).toBe(2);
    pending!.tx.respond(createResponse(pending!.req, 200, 'OK', { toTag: 'p' }));
    await settle();
    expect(layer.retransmissions.requestsResent).toBe(2); // answered: Timer E stops
    clock.advance(4_000);
    await settle();
    expect(layer.retransmissions.requestsResent).toBe(2);
    expect(peerLayer.retransmissions).toEqual({ requestsResent: 0, requestRepeatsReceived: 2 });
  });

  it('counts a repeat that arrives after the answer went (the Completed state re-sends the answer)', async () => {
    const { layer, peerT } = setup();
    layer.setHandlers({ onRequest: (req, tx) => tx.respond(createResponse(req, 200, 'OK', { toTag: 'a' })) });
    const req = request('MESSAGE', { branch: 'z9hG4bKdone' });
    await peerT.send(req, US);
    await settle();
    await peerT.send(req, US);
    await settle();
    expect(layer.retransmissions.requestRepeatsReceived).toBe(1);
  });
});
