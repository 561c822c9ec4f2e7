import { quote } from './digest-header';

export interface ChallengeOptions {
  nonce: string;
  /** Set when the previous credentials were right but their nonce expired (RFC 2617 §3.2.1). */
  stale?: boolean;
  /** Offer qop="auth" (default true). Devices that answer without qop are still accepted. */
  qop?: boolean;
  opaque?: string;
}

/** WWW-Authenticate value, e.g. `Digest realm="3402000000", nonce="...", qop="auth", algorithm=MD5`. */
export function buildChallenge(realm: string, opts: ChallengeOptions): string {
  const parts = [`realm=${quote(realm)}`, `nonce=${quote(opts.nonce)}`];
  if (opts.opaque !== undefined) parts.push(`opaque=${quote(opts.opaque)}`);
  if (opts.qop !== false) parts.push('qop="auth"');
  parts.push('algorithm=MD5');
  if (opts.stale) parts.push('stale=true');
  return `Digest ${parts.join(', ')}`;
}
