// Parsing of Digest credentials / challenges (RFC 2617 §3.2.1, §3.2.2; RFC 3261 §25.1 auth-param grammar).

export interface DigestParams {
  scheme: string;
  /** Every parameter, lower-cased names, values unquoted. */
  params: Record<string, string>;
}

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  algorithm?: string;
  opaque?: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** RFC 3261 token characters by char code (a table: a regular expression per character cost most of a parse). */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHAR[c.charCodeAt(0)] = 1;
const isTokenChar = (code: number): boolean => code < 128 && TOKEN_CHAR[code] === 1;

/** Splits `Digest a="x", b=y` into scheme and parameters. Tolerates extra spaces, empty items and a trailing comma. */
export function parseDigestParams(header: string): ParseResult<DigestParams> {
  const text = header.trim();
  const m = /^([A-Za-z][A-Za-z0-9_-]*)(?:\s+|$)/.exec(text);
  if (!m) return { ok: false, reason: 'no authentication scheme' };
  const scheme = m[1];
  const params: Record<string, string> = {};
  let i = m[0].length;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ',' || text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && isTokenChar(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    if (!name) return { ok: false, reason: `unexpected character "${text[i]}" at position ${i}` };
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] !== '=') return { ok: false, reason: `parameter ${name} has no value` };
    i++;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      const close = text.indexOf('"', i);
      const escape = text.indexOf('\\', i);
      if (close >= 0 && (escape < 0 || escape > close)) {
        // the usual case: no backslash escape inside, so the value is the text up to the closing quote
        params[name] = text.slice(i, close);
        i = close + 1;
        continue;
      }
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) return { ok: false, reason: `unterminated quoted value for ${name}` };
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t') i++;
      value = text.slice(start, i);
    }
    params[name] = value;
  }
  return { ok: true, value: { scheme, params } };
}

const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;

/** Parses an Authorization (or Proxy-Authorization) header value carrying Digest credentials. */
export function parseAuthorization(header: string): ParseResult<DigestCredentials> {
  const scheme0 = /^\s*(\S+)/.exec(header)?.[1];
  if (scheme0 && scheme0.toLowerCase() !== 'digest') return { ok: false, reason: `scheme ${scheme0} is not Digest` };
  const parsed = parseDigestParams(header);
  if (!parsed.ok) return parsed;
  const { scheme, params } = parsed.value;
  if (scheme.toLowerCase() !== 'digest') return { ok: false, reason: `scheme ${scheme} is not Digest` };
  const missing = REQUIRED.filter((k) => params[k] === undefined);
  if (missing.length) return { ok: false, reason: `missing ${missing.join(', ')}` };
  const creds: DigestCredentials = {
    username: params.username,
    realm: params.realm,
    nonce: params.nonce,
    uri: params.uri,
    response: params.response,
  };
  for (const k of ['qop', 'nc', 'cnonce', 'algorithm', 'opaque'] as const) {
    if (params[k] !== undefined) creds[k] = params[k];
  }
  return { ok: true, value: creds };
}

/** Quotes a value for a header parameter (RFC 3261 quoted-string). */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
