import { describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { getCSeq, getHeader, getToTag, getTopVia } from '../message';
import { InviteClientTransaction } from './invite-client';
import { clientUser, methodsOf, recorder, request, response, settle } from './testing/kit';

const peer = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };

function setup(reliable = false) {
  const clock = new FakeClock();
  const rec = recorder(clock, reliable);
  const user = clientUser();
  const invite = request('INVITE', { cseq: 20 });
  const tx = new InviteClientTransaction(invite, peer, rec.ctx, user).start();
  return { clock, rec, user, invite, tx };
}

describe('InviteClientTransaction (RFC 3261 §17.1.1)', () => {
  it('retransmits on Timer A with doubling intervals and gives up on Timer B at 64*T1', () => {
    const { clock, rec, user, tx } = setup();
    clock.advance(31_999);
    expect(rec.times).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(user.timeouts).toEqual([]);
    clock.advance(1);
    expect(user.timeouts).toEqual(['B']);
    expect(tx.state).toBe('Terminated');
    expect(clock.pending).toBe(0);
  });

  it('does not retransmit over a reliable transport but still times out on B', () => {
    const { clock, rec, user } = setup(true);
    clock.advance(32_000);
    expect(rec.sent).toHaveLength(1);
    expect(user.timeouts).toEqual(['B']);
  });

  it('stops retransmitting and stops Timer B after a provisional response', () => {
    const { clock, rec, user, invite, tx } = setup();
    clock.advance(600);
    tx.receiveResponse(response(invite, 180));
    expect(tx.state).toBe('Proceeding');
    clock.advance(120_000);
    expect(rec.sent).toHaveLength(2);
    expect(user.responses).toEqual([180]);
    expect(user.timeouts).toEqual([]);
    expect(tx.state).toBe('Proceeding');
  });

  it('after a CANCEL went out, ends the INVITE on Timer B if no final response comes (§9.1)', () => {
    const { clock, user, invite, tx } = setup();
    tx.receiveResponse(response(invite, 100));
    tx.expireAfterCancel();
    clock.advance(31_999);
    expect(tx.state).toBe('Proceeding');
    clock.advance(1);
    expect(user.timeouts).toEqual(['B']);
    expect(tx.state).toBe('Terminated');
  });

  it('ACKs a non-2xx final itself with the same branch, the response To tag and the INVITE CSeq number', () => {
    const { rec, user, invite, tx } = setup();
    tx.receiveResponse(response(invite, 486, 'busytag'));
    expect(tx.state).toBe('Completed');
    expect(user.responses).toEqual([486]);
    const ack = rec.sent[1];
    expect(ack.kind === 'request' && ack.method).toBe('ACK');
    expect(ack.kind === 'request' && ack.uri).toBe(invite.uri);
    expect(getTopVia(ack)?.params.branch).toBe(getTopVia(invite)?.params.branch);
    expect(getToTag(ack)).toBe('busytag');
    expect(getCSeq(ack)).toEqual({ seq: 20, method: 'ACK' });
    expect(getHeader(ack, 'From')).toBe(getHeader(invite, 'From'));
  });

  it('re-sends the ACK for a retransmitted final without telling the TU again, and ends on Timer D (32 s)', () => {
    const { clock, rec, user, invite, tx } = setup();
    tx.receiveResponse(response(invite, 404));
    tx.receiveResponse(response(invite, 404));
    expect(methodsOf(rec.sent)).toEqual(['INVITE', 'ACK', 'ACK']);
    expect(user.responses).toEqual([404]);
    clock.advance(31_999);
    expect(tx.state).toBe('Completed');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
  });

  it('Timer D is zero on a reliable transport', () => {
    const { invite, tx } = setup(true);
    tx.receiveResponse(response(invite, 603));
    expect(tx.state).toBe('Terminated');
  });

  it('passes a 2xx and its retransmissions to the TU (RFC 6026 Accepted) and ends on Timer M', () => {
    const { clock, rec, user, invite, tx } = setup();
    tx.receiveResponse(response(invite, 200));
    expect(tx.state).toBe('Accepted');
    tx.receiveResponse(response(invite, 200));
    expect(user.responses).toEqual([200, 200]);
    expect(methodsOf(rec.sent)).toEqual(['INVITE']);
    clock.advance(32_000);
    expect(tx.state).toBe('Terminated');
    expect(rec.sent).toHaveLength(1);
  });

  it('reports a transport failure to the TU and terminates', async () => {
    const clock = new FakeClock();
    const rec = recorder(clock);
    rec.failNext = new Error('TCP connection to 10.0.0.7:5060 closed by the peer');
    const user = clientUser();
    const tx = new InviteClientTransaction(request('INVITE'), peer, rec.ctx, user).start();
    await settle();
    expect(user.errors).toEqual(['TCP connection to 10.0.0.7:5060 closed by the peer']);
    expect(tx.state).toBe('Terminated');
    expect(clock.pending).toBe(0);
  });
});
