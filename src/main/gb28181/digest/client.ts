// Device side: answer a WWW-Authenticate challenge (used by the simulator).
import { randomBytes } from 'node:crypto';
import { parseDigestParams, quote } from './digest-header';
import { computeHa1, computeResponse } from './md5-digest';

export interface AnswerOptions {
  username: string;
  password: string;
  method: string;
  uri: string;
  /** Client nonce; random when absent. */
  cnonce?: string;
  /** Nonce count: a number is written as 8 hex digits, a string is sent as given. Default 1. */
  nc?: number | string;
  /** 'auto' (default) uses qop=auth when offered; 'none' answers in the RFC 2069 form without qop. */
  qop?: 'auto' | 'none';
}

/** Builds the Authorization header value. Throws when the challenge is not a usable MD5 Digest challenge. */
export function answerChallenge(challenge: string, opts: AnswerOptions): string {
  const parsed = parseDigestParams(challenge);
  if (!parsed.ok) throw new Error(`cannot parse challenge: ${parsed.reason}`);
  const { scheme, params } = parsed.value;
  if (scheme.toLowerCase() !== 'digest') throw new Error(`challenge scheme ${scheme} is not Digest`);
  if (params.realm === undefined || params.nonce === undefined) throw new Error('challenge lacks realm or nonce');
  if (params.algorithm && params.algorithm.toUpperCase() !== 'MD5') {
    throw new Error(`challenge algorithm ${params.algorithm} is not MD5`);
  }
  const offered = (params.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const useQop = opts.qop !== 'none' && offered.includes('auth');
  const nc = typeof opts.nc === 'string' ? opts.nc : (opts.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = opts.cnonce ?? randomBytes(8).toString('hex');
  const response = computeResponse({
    ha1: computeHa1(opts.username, params.realm, opts.password),
    method: opts.method,
    uri: opts.uri,
    nonce: params.nonce,
    qop: useQop ? 'auth' : undefined,
    nc,
    cnonce,
  });
  const parts = [
    `username=${quote(opts.username)}`,
    `realm=${quote(params.realm)}`,
    `nonce=${quote(params.nonce)}`,
    `uri=${quote(opts.uri)}`,
    `response=${quote(response)}`,
    'algorithm=MD5',
  ];
  if (useQop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (params.opaque !== undefined) parts.push(`opaque=${quote(params.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
