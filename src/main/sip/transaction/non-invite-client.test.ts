import { describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { NonInviteClientTransaction } from './non-invite-client';
import { clientUser, recorder, request, response, settle } from './testing/kit';

const peer = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };

function setup(reliable = false, method = 'REGISTER') {
  const clock = new FakeClock();
  const rec = recorder(clock, reliable);
  const user = clientUser();
  const req = request(method);
  const tx = new NonInviteClientTransaction(req, peer, rec.ctx, user).start();
  return { clock, rec, user, req, tx };
}

describe('NonInviteClientTransaction (RFC 3261 §17.1.2)', () => {
  it('retransmits on Timer E at 500, 1000, 2000, 4000, 4000 ... ms and times out on Timer F at 32 s', () => {
    const { clock, rec, user, tx } = setup();
    clock.advance(31_999);
    const gaps = rec.times.slice(1).map((t, i) => t - rec.times[i]);
    expect(gaps).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    expect(user.timeouts).toEqual([]);
    clock.advance(1);
    expect(user.timeouts).toEqual(['F']);
    expect(tx.state).toBe('Terminated');
    expect(clock.pending).toBe(0);
  });

  it('retransmits every T2 once a provisional response arrived', () => {
    const { clock, rec, user, req, tx } = setup();
    clock.advance(100);
    tx.receiveResponse(response(req, 100));
    expect(tx.state).toBe('Proceeding');
    clock.advance(10_000); // now 10100
    expect(rec.times).toEqual([0, 500, 4500, 8500]);
    expect(user.responses).toEqual([100]);
  });

  it('sends once and never retransmits over a reliable transport; F still applies', () => {
    const { clock, rec, user } = setup(true);
    clock.advance(32_000);
    expect(rec.sent).toHaveLength(1);
    expect(user.timeouts).toEqual(['F']);
  });

  it('passes the final response once, absorbs retransmissions and ends on Timer K (T4)', () => {
    const { clock, rec, user, req, tx } = setup();
    tx.receiveResponse(response(req, 200));
    tx.receiveResponse(response(req, 200));
    expect(user.responses).toEqual([200]);
    expect(tx.state).toBe('Completed');
    clock.advance(4_999);
    expect(tx.state).toBe('Completed');
    expect(rec.sent).toHaveLength(1);
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
  });

  it('Timer K is zero on a reliable transport', () => {
    const { req, tx } = setup(true);
    tx.receiveResponse(response(req, 401));
    expect(tx.state).toBe('Terminated');
  });

  it('a failed retransmission reports the transport error once', async () => {
    const { clock, rec, user, tx } = setup();
    rec.failNext = new Error('network unreachable');
    clock.advance(500);
    await settle();
    expect(user.errors).toEqual(['network unreachable']);
    expect(tx.state).toBe('Terminated');
    clock.advance(60_000);
    expect(user.timeouts).toEqual([]);
  });

  it('refuses INVITE and ACK', () => {
    const clock = new FakeClock();
    expect(() => new NonInviteClientTransaction(request('INVITE'), peer, recorder(clock).ctx, clientUser())).toThrow();
    expect(() => new NonInviteClientTransaction(request('ACK'), peer, recorder(clock).ctx, clientUser())).toThrow();
  });

  it('a state listener that throws stops neither the other listeners nor the end of the transaction', () => {
    const { clock, tx } = setup();
    const seen: string[] = [];
    let ended = false;
    tx.onStateChange((s) => {
      if (s === 'Terminated') throw new Error('observer bug');
    });
    tx.onStateChange((s) => seen.push(s));
    tx.onTerminated(() => (ended = true));
    expect(() => clock.advance(32_000)).toThrow('observer bug');
    expect(seen).toEqual(['Terminated']);
    expect(ended).toBe(true);
    expect(clock.pending).toBe(0);
  });
});
