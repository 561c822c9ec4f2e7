import { describe, expect, it } from 'vitest';
import { serializeMessage } from '../message';
import { FakeClock } from '../timers/clock';
import { NonInviteServerTransaction } from './non-invite-server';
import { methodsOf, recorder, request, response } from './testing/kit';

const peer = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };

function setup(reliable = false) {
  const clock = new FakeClock();
  const rec = recorder(clock, reliable);
  const req = request('MESSAGE');
  const tx = new NonInviteServerTransaction(req, peer, rec.ctx);
  return { clock, rec, req, tx };
}

describe('NonInviteServerTransaction (RFC 3261 §17.2.2)', () => {
  it('absorbs a retransmission while Trying without answering', () => {
    const { rec, req, tx } = setup();
    tx.receiveRequest(req);
    expect(rec.sent).toHaveLength(0);
    expect(tx.state).toBe('Trying');
  });

  it('re-sends the last provisional response while Proceeding', () => {
    const { rec, req, tx } = setup();
    tx.respond(response(req, 100));
    tx.receiveRequest(req);
    expect(methodsOf(rec.sent)).toEqual(['100', '100']);
    expect(tx.state).toBe('Proceeding');
  });

  it('re-sends the final response for retransmissions and ends on Timer J (64*T1)', () => {
    const { clock, rec, req, tx } = setup();
    tx.respond(response(req, 200));
    tx.receiveRequest(req);
    expect(methodsOf(rec.sent)).toEqual(['200', '200']);
    clock.advance(31_999);
    expect(tx.state).toBe('Completed');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
  });

  it('re-sends the final response from the bytes first sent, not from the TU\'s response object', () => {
    const { rec, req, tx } = setup();
    const res = response(req, 200);
    tx.respond(res);
    res.status = 500;
    res.headers.push({ name: 'Subject', value: 'changed afterwards' });
    tx.receiveRequest(req);
    expect(methodsOf(rec.sent)).toEqual(['200', '200']);
    expect(serializeMessage(rec.sent[1])).toEqual(serializeMessage(rec.sent[0]));
  });

  it('Timer J is zero on a reliable transport', () => {
    const { req, tx } = setup(true);
    tx.respond(response(req, 200));
    expect(tx.state).toBe('Terminated');
  });

  it('refuses a second final response', () => {
    const { req, tx } = setup();
    tx.respond(response(req, 200));
    expect(() => tx.respond(response(req, 500))).toThrow(/already answered/);
  });

  it('hands Completed over to holdCompleted (as the bytes it sent) and terminates at once when the context offers it', () => {
    const clock = new FakeClock();
    const rec = recorder(clock);
    const held: Buffer[] = [];
    const req = request('REGISTER');
    const tx = new NonInviteServerTransaction(req, peer, { ...rec.ctx, holdCompleted: (_t, wire) => held.push(wire) });
    tx.respond(response(req, 401));
    expect(tx.state).toBe('Terminated');
    expect(held).toHaveLength(1);
    expect(held[0]).toEqual(serializeMessage(rec.sent[0]));
    expect(clock.pending).toBe(0);
  });
});
