// The registrar with the cluster's 302 policy and a shared nonce secret (no Redis needed: the policy reads
// instance cards, the secret is what cluster/nonce-secret.ts hands every instance).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { parseMessage } from '../sip/message';
import type { SipAddress, SipRequest } from '../sip/message/types';
import { FakeClock } from '../sip/timers/clock';
import { answerChallenge, NonceStore } from '../gb28181/digest';
import { FailureTracker } from '../gb28181/registrar/failures';
import { RegistrationLockout } from '../gb28181/registrar/lockout';
import { Registrar, type Binding, type RedirectPolicy } from '../gb28181/registrar/registrar';
import { LoadRedirect } from './redirect';

const DEV = '34020000001320000001';
const SRC: SipAddress = { transport: 'UDP', address: '10.0.0.7', port: 5060 };
const URI = 'sip:34020000002000000001@3402000000';

function register(cseq: number, o: { auth?: string; expires?: number } = {}): SipRequest {
  const lines = [
    `REGISTER ${URI} SIP/2.0`,
    `Via: SIP/2.0/UDP 10.0.0.7:5060;rport;branch=z9hG4bK-${cseq}`,
    `From: <sip:${DEV}@3402000000>;tag=ft1`,
    `To: <sip:${DEV}@3402000000>`,
    'Call-ID: reg-call-1',
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${DEV}@10.0.0.7:5060>`,
    `Expires: ${o.expires ?? 3600}`,
  ];
  if (o.auth) lines.push(`Authorization: ${o.auth}`);
  lines.push('Content-Length: 0', '', '');
  const r = parseMessage(Buffer.from(lines.join('\r\n')));
  if (!r.ok || r.message.kind !== 'request') throw new Error('fixture');
  return r.message;
}

function instance(secret: Buffer, redirect?: RedirectPolicy) {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 8, 0, 0));
  const bound: Binding[] = [];
  const registrar = new Registrar({
    settings: () => ({ sipId: '34020000002000000001', domain: '3402000000', password: '12345678', admissionMode: 'open', strictTarget: false }),
    directory: { find: () => undefined, bind: (b) => bound.push(b), unbind: () => undefined },
    clock,
    nonces: new NonceStore({ ttlMs: 30_000, clock, secret }),
    lockout: new RegistrationLockout(clock),
    failures: new FailureTracker({ save: () => undefined, clear: () => undefined }),
    logger: createLogger(),
    redirect,
  });
  return { registrar, bound };
}

const answer = (challenge: string, password: string) => answerChallenge(challenge, { username: DEV, password, method: 'REGISTER', uri: URI });
const wwwAuth = (r: { headers: Array<{ name: string; value: string }> }) => r.headers.find((h) => h.name === 'WWW-Authenticate')!.value;

describe('302 spreading at the registrar', () => {
  const cards = [
    { id: 'A', sip: { ip: '127.0.0.1', port: 5060 }, devicesOnline: 5, startedAt: 0 },
    { id: 'B', sip: { ip: '127.0.0.1', port: 5070 }, devicesOnline: 0, startedAt: 0 },
  ];
  const policy = () => new LoadRedirect({ self: 'A', alive: () => cards, loadHere: () => 5, registeredHere: () => false, sipId: () => '34020000002000000001' });

  it('challenges first and redirects only a REGISTER whose credentials are right, to the less-loaded instance', () => {
    const a = instance(randomBytes(32), policy());
    const first = a.registrar.handle(register(1), SRC);
    expect(first.status).toBe(401);
    const wrong = a.registrar.handle(register(2, { auth: answer(wwwAuth(first), 'wrong-pw') }), SRC);
    expect(wrong.status).toBe(403);
    const again = a.registrar.handle(register(3), SRC);
    const moved = a.registrar.handle(register(4, { auth: answer(wwwAuth(again), '12345678') }), SRC);
    expect(moved).toMatchObject({ status: 302, reason: 'Moved Temporarily', outcome: 'redirected' });
    expect(moved.headers.find((h) => h.name === 'Contact')?.value).toBe('<sip:34020000002000000001@127.0.0.1:5070>');
    expect(a.bound).toEqual([]);
  });

  it('never redirects an unregistration (Expires: 0)', () => {
    const a = instance(randomBytes(32), policy());
    const first = a.registrar.handle(register(1, { expires: 0 }), SRC);
    const r = a.registrar.handle(register(2, { expires: 0, auth: answer(wwwAuth(first), '12345678') }), SRC);
    expect(r).toMatchObject({ status: 200, outcome: 'unregistered' });
  });

  it('accepts on instance B the answer to a challenge instance A gave, when they share the nonce secret', () => {
    const secret = randomBytes(32);
    const a = instance(secret);
    const b = instance(secret);
    const challenge = wwwAuth(a.registrar.handle(register(1), SRC));
    const r = b.registrar.handle(register(2, { auth: answer(challenge, '12345678') }), SRC);
    expect(r).toMatchObject({ status: 200, outcome: 'registered' });
    // Without the shared secret B does not know A's nonce: a fresh challenge, no verdict.
    const c = instance(randomBytes(32));
    expect(c.registrar.handle(register(3, { auth: answer(challenge, '12345678') }), SRC).status).toBe(401);
  });
});
