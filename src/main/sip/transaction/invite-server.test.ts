import { describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { InviteServerTransaction } from './invite-server';
import { methodsOf, recorder, request, response } from './testing/kit';

const peer = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };

function setup(reliable = false) {
  const clock = new FakeClock();
  const rec = recorder(clock, reliable);
  const invite = request('INVITE');
  const tx = new InviteServerTransaction(invite, peer, rec.ctx);
  const log = { ackTimeout: 0, noAck2xx: 0 };
  tx.setUser({ onAckTimeout: () => log.ackTimeout++, on2xxAckTimeout: () => log.noAck2xx++ });
  return { clock, rec, invite, tx, log };
}

describe('InviteServerTransaction (RFC 3261 §17.2.1)', () => {
  it('sends 100 Trying when the TU has not answered within 200 ms', () => {
    const { clock, rec } = setup();
    clock.advance(199);
    expect(rec.sent).toHaveLength(0);
    clock.advance(1);
    expect(methodsOf(rec.sent)).toEqual(['100']);
  });

  it('sends no 100 Trying when the TU answers in time', () => {
    const { clock, rec, invite, tx } = setup();
    tx.respond(response(invite, 180));
    clock.advance(1_000);
    expect(methodsOf(rec.sent)).toEqual(['180']);
  });

  it('re-sends the last provisional response for a retransmitted INVITE', () => {
    const { rec, invite, tx } = setup();
    tx.respond(response(invite, 180));
    tx.receiveRequest(invite);
    expect(methodsOf(rec.sent)).toEqual(['180', '180']);
  });

  it('retransmits a non-2xx final on Timer G (500, 1000, 2000, 4000, 4000 ...) and gives up on Timer H at 64*T1', () => {
    const { clock, rec, invite, tx, log } = setup();
    tx.respond(response(invite, 486));
    clock.advance(31_999);
    const gaps = rec.times.slice(1).map((t, i) => t - rec.times[i]);
    expect(gaps).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    expect(tx.state).toBe('Completed');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(log.ackTimeout).toBe(1);
  });

  it('moves to Confirmed on the ACK, absorbs further ACKs and ends on Timer I (T4)', () => {
    const { clock, rec, invite, tx, log } = setup();
    tx.respond(response(invite, 404));
    clock.advance(600); // one G retransmission
    tx.receiveRequest(request('ACK', { toTag: 'totag9' }));
    expect(tx.state).toBe('Confirmed');
    const count = rec.sent.length;
    tx.receiveRequest(request('ACK', { toTag: 'totag9' }));
    clock.advance(4_999);
    expect(rec.sent).toHaveLength(count);
    expect(tx.state).toBe('Confirmed');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(log.ackTimeout).toBe(0);
  });

  it('re-sends the final response for an INVITE retransmitted while Completed', () => {
    const { rec, invite, tx } = setup();
    tx.respond(response(invite, 480));
    tx.receiveRequest(invite);
    expect(methodsOf(rec.sent)).toEqual(['480', '480']);
  });

  it('on a reliable transport sends no G retransmissions and Timer I is zero', () => {
    const { clock, rec, invite, tx } = setup(true);
    tx.respond(response(invite, 486));
    clock.advance(10_000);
    expect(rec.sent).toHaveLength(1);
    tx.receiveRequest(request('ACK'));
    expect(tx.state).toBe('Terminated');
  });

  it('re-sends a 2xx until the ACK is reported, absorbs INVITE retransmissions, and ends on Timer L', () => {
    const { clock, rec, invite, tx, log } = setup();
    tx.respond(response(invite, 200));
    expect(tx.state).toBe('Accepted');
    clock.advance(1_600); // 2xx again at 500 and 1500
    tx.receiveRequest(invite);
    expect(methodsOf(rec.sent)).toEqual(['200', '200', '200']);
    tx.confirm2xx();
    clock.advance(10_000);
    expect(rec.sent).toHaveLength(3);
    clock.advance(32_000);
    expect(tx.state).toBe('Terminated');
    expect(log.noAck2xx).toBe(0);
  });

  it('reports a 2xx that was never acknowledged when Timer L fires', () => {
    const { clock, invite, tx, log } = setup();
    tx.respond(response(invite, 200));
    clock.advance(32_000);
    expect(tx.state).toBe('Terminated');
    expect(log.noAck2xx).toBe(1);
  });

  it('refuses a second final response', () => {
    const { invite, tx } = setup();
    tx.respond(response(invite, 200));
    expect(() => tx.respond(response(invite, 486))).toThrow(/already answered with 200/);
  });
});
