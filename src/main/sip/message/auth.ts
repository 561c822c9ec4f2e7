import { isToken, quote, skipQuoted, unquote } from './text';

/** A WWW-Authenticate / Authorization (or Proxy-*) value: scheme plus comma-separated auth-params. */
export interface AuthValue {
  scheme: string; // "Digest"; GB 35114 uses "Capability", "Unidirection", "Bidirection"
  /** Lower-cased names; values unquoted and unescaped. */
  params: Record<string, string>;
}

/**
 * Parse `Digest username="34020000001320000001", realm="3402000000", nonce="..", uri="sip:..", response="..",
 * algorithm=MD5, qop=auth, nc=00000001, cnonce=".."` (RFC 3261 §20.7, §20.44; RFC 2617). Tolerates missing
 * commas between params and stray spaces. undefined when there is no scheme.
 */
export function parseAuthParams(text: string): AuthValue | undefined {
  const s = text.trim();
  const m = /^([A-Za-z0-9\-._!%*+`'~]+)(?:\s+|$)/.exec(s);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  let i = m[0].length;
  while (i < s.length) {
    while (i < s.length && (s[i] === ',' || s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) break;
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    let value: string;
    if (s[i] === '"') {
      const end = skipQuoted(s, i);
      value = unquote(s.slice(i, end));
      i = end;
    } else {
      let end = i;
      while (end < s.length && s[end] !== ',' && s[end] !== ' ' && s[end] !== '\t') end++;
      value = s.slice(i, end);
      i = end;
    }
    if (name && /^[a-z0-9\-._!%*+`'~]+$/.test(name)) params[name] = value;
  }
  return { scheme: m[1], params };
}

// Params written as tokens (when their value is a token); every other one is written as a quoted-string.
const CHALLENGE_TOKENS = new Set(['algorithm', 'stale']); // in a challenge qop-options is quoted: qop="auth"
const CREDENTIAL_TOKENS = new Set(['algorithm', 'qop', 'nc', 'stale']); // in credentials: qop=auth, nc=00000001

function formatAuth(value: AuthValue, tokens: Set<string>): string {
  const parts = Object.keys(value.params).map((n) =>
    tokens.has(n) && isToken(value.params[n]) ? n + '=' + value.params[n] : n + '=' + quote(value.params[n]),
  );
  return parts.length ? value.scheme + ' ' + parts.join(', ') : value.scheme;
}

/** WWW-Authenticate / Proxy-Authenticate value: `Digest realm="..", nonce="..", qop="auth", algorithm=MD5`. */
export function formatChallenge(value: AuthValue): string {
  return formatAuth(value, CHALLENGE_TOKENS);
}

/** Authorization / Proxy-Authorization value: `Digest username="..", ..., qop=auth, nc=00000001, cnonce=".."`. */
export function formatCredentials(value: AuthValue): string {
  return formatAuth(value, CREDENTIAL_TOKENS);
}
