import { timingSafeEqual } from 'node:crypto';
import type { SipUri } from '../../sip/message/types';
import { parseAuthorization, type DigestCredentials } from './digest-header';
import { computeHa1, computeResponse } from './md5-digest';
import type { NonceStore } from './nonce';
import { parseNonceCount, type NonceUse } from './nonce-use';
import { sameDigestUri } from './uri-match';

export type VerifyFailureReason =
  | 'bad-header'
  | 'unsupported-algorithm'
  | 'unsupported-qop'
  | 'wrong-realm'
  | 'wrong-username'
  | 'wrong-uri'
  | 'unknown-nonce'
  | 'replayed-nonce'
  | 'stale-nonce'
  | 'wrong-password';

export type VerifyResult =
  | { ok: true; credentials: DigestCredentials; nonceAgeMs: number }
  | {
      ok: false;
      reason: VerifyFailureReason;
      /** Installer-readable detail, e.g. "Authorization header: missing response". */
      detail: string;
      credentials?: DigestCredentials;
    };

/** The device's secret: its password, or a precomputed HA1 (MD5(username:realm:password)). */
export type Secret = string | { ha1: string };

export interface VerifyOptions {
  /** When set, credentials for another realm are refused ('wrong-realm'). */
  realm?: string;
  /** When set, credentials for another username are refused ('wrong-username'). */
  username?: string;
  /** When set, a digest uri naming another resource is refused ('wrong-uri'). */
  requestUri?: string | SipUri;
  /** The address the answer came from: the nonce must have been issued with this binding. */
  binding?: string;
  /** When set, a nonce count already accepted is refused ('replayed-nonce'). */
  nonceUse?: NonceUse;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks Digest credentials for a request. The nonce is checked before the password: a nonce we did not issue
 * (to this binding) gets no verdict on the password, so nobody can guess passwords against nonces that cost
 * them nothing. An expired nonce of ours is only reported stale when the response is right, so the device
 * re-answers silently (stale=true) instead of being told its password is wrong; a wrong one counts as wrong.
 */
export function verifyAuthorization(
  method: string,
  auth: string | DigestCredentials,
  secret: Secret,
  nonces: NonceStore,
  opts: VerifyOptions = {},
): VerifyResult {
  let creds: DigestCredentials;
  if (typeof auth === 'string') {
    const parsed = parseAuthorization(auth);
    if (!parsed.ok) return { ok: false, reason: 'bad-header', detail: `Authorization header: ${parsed.reason}` };
    creds = parsed.value;
  } else {
    creds = auth;
  }
  const fail = (reason: VerifyFailureReason, detail: string): VerifyResult => ({ ok: false, reason, detail, credentials: creds });

  if (creds.algorithm && creds.algorithm.toUpperCase() !== 'MD5') {
    return fail('unsupported-algorithm', `algorithm ${creds.algorithm} is not supported (GB/T 28181 uses MD5)`);
  }
  const qop = creds.qop?.toLowerCase();
  if (qop !== undefined && qop !== 'auth') return fail('unsupported-qop', `qop=${creds.qop} is not supported`);
  if (qop === 'auth' && (!creds.nc || !creds.cnonce)) {
    return fail('bad-header', `Authorization header: qop=auth without ${creds.nc ? 'cnonce' : 'nc'}`);
  }
  const nc = qop === 'auth' ? parseNonceCount(creds.nc!) : undefined;
  if (qop === 'auth' && nc === undefined) return fail('bad-header', `Authorization header: nc=${creds.nc} is not 8 hex digits`);
  if (!/^[0-9a-fA-F]{32}$/.test(creds.response)) {
    return fail('bad-header', 'Authorization header: response is not 32 hex digits');
  }
  if (opts.realm !== undefined && creds.realm !== opts.realm) {
    return fail('wrong-realm', `realm "${creds.realm}" differs from ours "${opts.realm}"`);
  }
  if (opts.username !== undefined && creds.username !== opts.username) {
    return fail('wrong-username', `username "${creds.username}" differs from "${opts.username}"`);
  }
  if (opts.requestUri !== undefined && !sameDigestUri(creds.uri, opts.requestUri)) {
    return fail('wrong-uri', `digest uri "${creds.uri}" differs from the Request-URI`);
  }

  const nonce = nonces.check(creds.nonce, opts.binding);
  if (nonce.state === 'unknown') {
    return fail('unknown-nonce', 'nonce was not issued by this server to this address (or predates a restart)');
  }

  const ha1 = typeof secret === 'string' ? computeHa1(creds.username, creds.realm, secret) : secret.ha1;
  const expected = computeResponse({
    ha1,
    method,
    uri: creds.uri,
    nonce: creds.nonce,
    qop: qop ? creds.qop : undefined,
    nc: creds.nc,
    cnonce: creds.cnonce,
  });
  if (!sameHex(expected, creds.response)) return fail('wrong-password', 'response does not match the password');
  if (nonce.state === 'stale') {
    return fail('stale-nonce', `nonce expired ${Math.round((nonce.ageMs - nonces.ttlMs) / 1000)} s ago`);
  }
  if (opts.nonceUse && !opts.nonceUse.accept(creds.nonce, nonce.issuedAt, nc, nonce.issuedAt + nonce.ageMs)) {
    return fail('replayed-nonce', qop ? `nonce count nc=${creds.nc} was already used with this nonce` : 'nonce was already used (answers without qop may use a nonce once)');
  }
  return { ok: true, credentials: creds, nonceAgeMs: nonce.ageMs };
}
