import { describe, expect, it } from 'vitest';
import { mapWalks } from '../../../shared/testing/map-walks';
import {
  answerChallenge,
  buildChallenge,
  computeHa1,
  computeResponse,
  NonceStore,
  NonceUse,
  parseAuthorization,
  parseDigestParams,
  sameDigestUri,
  verifyAuthorization,
} from './index';

// Vectors computed outside this code with coreutils md5sum:
//   HA1=$(printf '%s' '34020000001320000001:3402000000:12345678' | md5sum)   -> 8258341d7dd730ce4d3b8fd2db050320
//   HA2=$(printf '%s' 'REGISTER:sip:34020000002000000001@3402000000' | md5sum) -> 95fced343cf76247d3e2102931f17507
//   printf '%s' "$HA1:9a8f7e6d5c4b3a21:$HA2" | md5sum                        -> f0b5d1651c0bb6227a41368388042cd1
//   printf '%s' "$HA1:9a8f7e6d5c4b3a21:00000002:f00dcafe:auth:$HA2" | md5sum  -> e2cc0727f437b035f3afeec3cf016a4f
const GB = {
  user: '34020000001320000001',
  realm: '3402000000',
  password: '12345678',
  uri: 'sip:34020000002000000001@3402000000',
  nonce: '9a8f7e6d5c4b3a21',
};

class ManualClock {
  t = 1_700_000_000_000;
  now() {
    return this.t;
  }
}

describe('RFC 2617 digest computation', () => {
  it('matches the RFC 2617 §3.5 example (qop=auth)', () => {
    const ha1 = computeHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life');
    expect(
      computeResponse({
        ha1,
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('matches md5sum-computed GB vectors with and without qop', () => {
    const ha1 = computeHa1(GB.user, GB.realm, GB.password);
    expect(ha1).toBe('8258341d7dd730ce4d3b8fd2db050320');
    expect(computeResponse({ ha1, method: 'REGISTER', uri: GB.uri, nonce: GB.nonce })).toBe(
      'f0b5d1651c0bb6227a41368388042cd1',
    );
    expect(
      computeResponse({ ha1, method: 'REGISTER', uri: GB.uri, nonce: GB.nonce, qop: 'auth', nc: '00000002', cnonce: 'f00dcafe' }),
    ).toBe('e2cc0727f437b035f3afeec3cf016a4f');
  });

  it('uses the raw nc string (no renormalisation)', () => {
    const ha1 = computeHa1(GB.user, GB.realm, GB.password);
    const base = { ha1, method: 'REGISTER', uri: GB.uri, nonce: GB.nonce, qop: 'auth', cnonce: 'x' };
    expect(computeResponse({ ...base, nc: '1' })).not.toBe(computeResponse({ ...base, nc: '00000001' }));
  });
});

describe('header parsing', () => {
  it('parses quoted and unquoted parameters, odd spacing, escapes', () => {
    const r = parseAuthorization(
      'Digest username="34020000001320000001",realm="3402000000" , nonce="n\\"x", uri="sip:a@b",' +
        ' response="0123456789abcdef0123456789ABCDEF", algorithm=MD5, qop=auth, nc=00000001, cnonce="c1", opaque="op",',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        username: '34020000001320000001',
        realm: '3402000000',
        nonce: 'n"x',
        uri: 'sip:a@b',
        response: '0123456789abcdef0123456789ABCDEF',
        algorithm: 'MD5',
        qop: 'auth',
        nc: '00000001',
        cnonce: 'c1',
        opaque: 'op',
      },
    });
  });

  it('accepts case-insensitive names and quoted qop', () => {
    const r = parseAuthorization('digest USERNAME="u", Realm="r", Nonce="n", URI="sip:x", Response="r1", QOP="auth"');
    expect(r.ok && r.value.qop).toBe('auth');
    expect(r.ok && r.value.username).toBe('u');
  });

  it('reads quoted values with and without backslash escapes', () => {
    const r = parseDigestParams('Digest realm="a\\"b\\\\c", nonce="plain", opaque="x\\y", qop=auth');
    expect(r.ok && r.value.params).toEqual({ realm: 'a"b\\c', nonce: 'plain', opaque: 'xy', qop: 'auth' });
    const later = parseDigestParams('Digest nonce="n1", realm="r\\"1"');
    expect(later.ok && later.value.params).toEqual({ nonce: 'n1', realm: 'r"1' });
    expect(parseDigestParams('Digest nonce="n1, realm=r')).toMatchObject({ ok: false, reason: 'unterminated quoted value for nonce' });
  });

  it('gives reasons for bad headers', () => {
    expect(parseAuthorization('Basic dXNlcjpwYXNz')).toMatchObject({ ok: false, reason: 'scheme Basic is not Digest' });
    expect(parseAuthorization('Digest username="u", realm="r"')).toMatchObject({
      ok: false,
      reason: 'missing nonce, uri, response',
    });
    expect(parseAuthorization('Digest username="u')).toMatchObject({ ok: false });
    expect(parseAuthorization('')).toMatchObject({ ok: false });
    expect(parseDigestParams('Digest realm')).toMatchObject({ ok: false, reason: 'parameter realm has no value' });
  });
});

describe('nonces', () => {
  it('valid, then stale after the ttl, unknown when forged or tampered', () => {
    const clock = new ManualClock();
    const store = new NonceStore({ ttlMs: 60_000, clock });
    const n = store.issue();
    expect(store.check(n)).toMatchObject({ state: 'valid', ageMs: 0 });
    clock.t += 60_001;
    expect(store.check(n)).toMatchObject({ state: 'stale', ageMs: 60_001 });
    const tampered = (n[0] === '0' ? '1' : '0') + n.slice(1);
    expect(store.check(tampered)).toEqual({ state: 'unknown' });
    expect(store.check('abc')).toEqual({ state: 'unknown' });
    expect(new NonceStore({ clock }).check(n)).toEqual({ state: 'unknown' });
  });

  it('a nonce from far in the future is unknown', () => {
    const clock = new ManualClock();
    const secret = Buffer.alloc(32, 7);
    const future = new NonceStore({ secret, clock: { now: () => clock.t + 3_600_000 } }).issue();
    expect(new NonceStore({ secret, clock }).check(future)).toEqual({ state: 'unknown' });
  });

  it('issues distinct nonces', () => {
    const store = new NonceStore();
    expect(new Set(Array.from({ length: 100 }, () => store.issue())).size).toBe(100);
  });
});

describe('challenge / answer / verify round trip', () => {
  it('builds the challenge text', () => {
    expect(buildChallenge('3402000000', { nonce: 'abc' })).toBe(
      'Digest realm="3402000000", nonce="abc", qop="auth", algorithm=MD5',
    );
    expect(buildChallenge('3402000000', { nonce: 'abc', stale: true, qop: false })).toBe(
      'Digest realm="3402000000", nonce="abc", algorithm=MD5, stale=true',
    );
  });

  const setup = () => {
    const clock = new ManualClock();
    const store = new NonceStore({ ttlMs: 30_000, clock });
    const challenge = buildChallenge(GB.realm, { nonce: store.issue() });
    return { clock, store, challenge };
  };
  const answer = (challenge: string, password: string, qop: 'auto' | 'none' = 'auto') =>
    answerChallenge(challenge, { username: GB.user, password, method: 'REGISTER', uri: GB.uri, nc: 1, qop });

  it('accepts a right answer with qop and without qop', () => {
    const { store, challenge } = setup();
    for (const qop of ['auto', 'none'] as const) {
      const auth = answer(challenge, GB.password, qop);
      expect(auth.includes('qop=auth')).toBe(qop === 'auto');
      expect(verifyAuthorization('REGISTER', auth, GB.password, store)).toMatchObject({ ok: true });
    }
  });

  it('accepts a precomputed HA1 as the secret', () => {
    const { store, challenge } = setup();
    const ha1 = computeHa1(GB.user, GB.realm, GB.password);
    expect(verifyAuthorization('REGISTER', answer(challenge, GB.password), { ha1 }, store).ok).toBe(true);
  });

  it('wrong password', () => {
    const { store, challenge } = setup();
    expect(verifyAuthorization('REGISTER', answer(challenge, 'nope'), GB.password, store)).toMatchObject({
      ok: false,
      reason: 'wrong-password',
    });
  });

  it('stale nonce with the right password, wrong-password with the wrong one', () => {
    const { clock, store, challenge } = setup();
    const good = answer(challenge, GB.password);
    const bad = answer(challenge, 'nope');
    clock.t += 31_000;
    expect(verifyAuthorization('REGISTER', good, GB.password, store)).toMatchObject({ ok: false, reason: 'stale-nonce' });
    expect(verifyAuthorization('REGISTER', bad, GB.password, store)).toMatchObject({ ok: false, reason: 'wrong-password' });
  });

  it('a nonce we did not issue gives no verdict on the password: the same answer for a right and a wrong one', () => {
    const { store } = setup();
    const foreign = buildChallenge(GB.realm, { nonce: new NonceStore().issue() });
    const right = verifyAuthorization('REGISTER', answer(foreign, GB.password), GB.password, store);
    const wrong = verifyAuthorization('REGISTER', answer(foreign, 'x'), GB.password, store);
    expect(right).toMatchObject({ ok: false, reason: 'unknown-nonce' });
    expect(wrong).toMatchObject({ ok: false, reason: 'unknown-nonce' });
    expect({ ...right, credentials: undefined }).toEqual({ ...wrong, credentials: undefined });
  });

  it('a nonce issued to one address is unknown when the answer comes from another', () => {
    const { store } = setup();
    const challenge = buildChallenge(GB.realm, { nonce: store.issue('UDP 10.0.0.7:5060') });
    const auth = answer(challenge, GB.password);
    expect(verifyAuthorization('REGISTER', auth, GB.password, store, { binding: 'UDP 10.0.0.7:5060' }).ok).toBe(true);
    expect(verifyAuthorization('REGISTER', auth, GB.password, store, { binding: 'UDP 10.0.0.7:5061' })).toMatchObject({ reason: 'unknown-nonce' });
    expect(verifyAuthorization('REGISTER', auth, GB.password, store)).toMatchObject({ reason: 'unknown-nonce' });
  });

  it('nonce use: nc must grow per nonce with qop; without qop a nonce answers once', () => {
    const { store, challenge } = setup();
    const nonceUse = new NonceUse({ ttlMs: 30_000 });
    const at = (nc: number, qop: 'auto' | 'none' = 'auto') =>
      verifyAuthorization('REGISTER', answerChallenge(challenge, { username: GB.user, password: GB.password, method: 'REGISTER', uri: GB.uri, nc, qop }), GB.password, store, { nonceUse });
    expect(at(1).ok).toBe(true);
    expect(at(1)).toMatchObject({ reason: 'replayed-nonce', detail: 'nonce count nc=00000001 was already used with this nonce' });
    expect(at(3).ok).toBe(true);
    expect(at(2)).toMatchObject({ reason: 'replayed-nonce' });
    const other = buildChallenge(GB.realm, { nonce: store.issue() });
    const once = answerChallenge(other, { username: GB.user, password: GB.password, method: 'REGISTER', uri: GB.uri, qop: 'none' });
    expect(verifyAuthorization('REGISTER', once, GB.password, store, { nonceUse }).ok).toBe(true);
    expect(verifyAuthorization('REGISTER', once, GB.password, store, { nonceUse })).toMatchObject({ reason: 'replayed-nonce' });
  });

  it('nonce use forgets expired nonces and, when full, refuses nonces issued before what it forgot', () => {
    const use = new NonceUse({ ttlMs: 1_000, maxEntries: 2 });
    expect(use.accept('a', 100, 1, 100)).toBe(true);
    expect(use.accept('b', 200, 1, 200)).toBe(true);
    expect(use.accept('c', 300, 1, 300)).toBe(true);
    expect(use.size).toBe(2);
    expect(use.accept('a', 100, 2, 300)).toBe(false);
    expect(use.accept('d', 90, 1, 300)).toBe(false);
    expect(use.accept('e', 2_000, 1, 2_000)).toBe(true);
    expect(use.size).toBe(1);
  });

  it('nonce use stays a first-in first-out window through many times its size: replays refused, the oldest dropped first', () => {
    const use = new NonceUse({ ttlMs: 1_000_000, maxEntries: 1_000 });
    const nonce = (i: number) => `n${i}`;
    for (let i = 0; i < 5_000; i++) {
      expect(use.accept(nonce(i), i, 1, i)).toBe(true);
      expect(use.accept(nonce(i), i, 1, i)).toBe(false);
    }
    expect(use.size).toBe(1_000);
    // The last 1,000 are remembered (a higher count goes on); anything older was dropped and is refused.
    expect(use.accept(nonce(4_000), 4_000, 2, 5_000)).toBe(true);
    expect(use.accept(nonce(3_999), 3_999, 2, 5_000)).toBe(false);
    // Expiry drops from the front as well, in first-use order (the nonce store calls expired nonces stale).
    expect(use.accept(nonce(9_000), 1_004_500, 1, 1_004_500)).toBe(true);
    expect(use.size).toBe(501);
    expect(use.accept(nonce(4_500), 4_500, 2, 1_004_500)).toBe(true);
    expect(use.accept(nonce(4_500), 4_500, 2, 1_004_500)).toBe(false);
  });

  it('nonce use never walks its table to find the oldest: V8 reaches a Map\'s first entry over every slot deleted before it', () => {
    const use = new NonceUse({ ttlMs: 1_000, maxEntries: 100 });
    // Full, then expiring: each answer drops the oldest.
    const walks = mapWalks(() => {
      for (let i = 0; i < 1_000; i++) use.accept(`n${i}`, i, 1, i);
    });
    expect(walks).toBe(0);
    expect(use.size).toBe(100);
  });

  it('the digest uri must name the Request-URI; parameter order and host case do not matter', () => {
    const { store, challenge } = setup();
    const auth = answer(challenge, GB.password);
    expect(verifyAuthorization('REGISTER', auth, GB.password, store, { requestUri: 'sip:34020000002000000001@3402000000' }).ok).toBe(true);
    expect(verifyAuthorization('REGISTER', auth, GB.password, store, { requestUri: 'sip:34020000002000000001@3402000000:5060;transport=udp' }).ok).toBe(true);
    expect(verifyAuthorization('REGISTER', auth, GB.password, store, { requestUri: 'sip:34020000002000000002@3402000000' })).toMatchObject({
      reason: 'wrong-uri',
    });
    expect(sameDigestUri('sip:a@Host.Example', 'sip:a@host.example;lr')).toBe(true);
    expect(sameDigestUri('sip:a@host:5070', 'sip:a@host')).toBe(false);
    // the server's address, as sipp writes it
    expect(sameDigestUri('sip:127.0.0.1:5060', 'sip:34020000002000000001@3402000000')).toBe(true);
    expect(sameDigestUri('sip:34020000002000000009@127.0.0.1:5060', 'sip:34020000002000000001@3402000000')).toBe(false);
  });

  it('method is part of the digest', () => {
    const { store, challenge } = setup();
    expect(verifyAuthorization('INVITE', answer(challenge, GB.password), GB.password, store)).toMatchObject({
      reason: 'wrong-password',
    });
  });

  it('bad header, algorithm, qop, realm and username checks', () => {
    const { store, challenge } = setup();
    const good = answer(challenge, GB.password);
    expect(verifyAuthorization('REGISTER', 'Digest username="x"', GB.password, store)).toMatchObject({
      reason: 'bad-header',
    });
    expect(verifyAuthorization('REGISTER', good.replace('algorithm=MD5', 'algorithm=SHA-256'), GB.password, store))
      .toMatchObject({ reason: 'unsupported-algorithm' });
    expect(verifyAuthorization('REGISTER', good.replace('qop=auth', 'qop=auth-int'), GB.password, store)).toMatchObject({
      reason: 'unsupported-qop',
    });
    expect(verifyAuthorization('REGISTER', good.replace(/, nc=\w+/, ''), GB.password, store)).toMatchObject({
      reason: 'bad-header',
    });
    expect(verifyAuthorization('REGISTER', good, GB.password, store, { realm: '4401020049' })).toMatchObject({
      reason: 'wrong-realm',
    });
    expect(verifyAuthorization('REGISTER', good, GB.password, store, { username: '34020000001320000002' }))
      .toMatchObject({ reason: 'wrong-username' });
  });

  it('client sends the given nc verbatim and formats numbers as 8 hex digits', () => {
    const c = buildChallenge('r', { nonce: 'n' });
    const base = { username: 'u', password: 'p', method: 'REGISTER', uri: 'sip:x', cnonce: 'c' };
    expect(answerChallenge(c, { ...base, nc: 26 })).toContain('nc=0000001a');
    expect(answerChallenge(c, { ...base, nc: '00000003' })).toContain('nc=00000003');
    expect(() => answerChallenge('Basic realm="x"', base)).toThrow(/not Digest/);
  });
});
