import type { Params, SipUri } from './types';
import { formatParams, parseParams } from './params';

/** Split "host[:port]" / "[v6][:port]"; host without brackets. undefined when malformed. */
export function parseHostPort(s: string): { host: string; port?: number } | undefined {
  let host: string;
  let rest: string;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return undefined;
    host = s.slice(1, close);
    if (!host.includes(':')) return undefined;
    rest = s.slice(close + 1);
  } else {
    const colon = s.indexOf(':');
    host = colon < 0 ? s : s.slice(0, colon);
    rest = colon < 0 ? '' : s.slice(colon);
  }
  if (!host || /[\s<>"@;?,[\]]/.test(host)) return undefined;
  if (rest === '') return { host };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  const port = Number(rest.slice(1));
  if (port > 65535) return undefined;
  return { host, port };
}

export function formatHostPort(host: string, port?: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? '[' + host + ']' : host;
  return port === undefined ? h : h + ':' + port;
}

function parseUriHeaders(s: string): Params {
  const headers: Params = {};
  for (const item of s.split('&')) {
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq < 0) headers[item] = null;
    else headers[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return headers;
}

/**
 * Parse a sip:, sips: or tel: URI (RFC 3261 §19.1, RFC 3966). User, password and parameter values are kept
 * escaped as sent. A tel: URI keeps its number in `user` and has an empty host. Other schemes: undefined.
 */
export function parseUri(text: string): SipUri | undefined {
  const s = text.trim();
  const colon = s.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = s.slice(0, colon).toLowerCase();
  let rest = s.slice(colon + 1);
  if (/\s/.test(rest) || rest.includes('<') || rest.includes('>')) return undefined;
  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    const number = semi < 0 ? rest : rest.slice(0, semi);
    if (!number) return undefined;
    return { scheme, user: number, host: '', params: semi < 0 ? {} : parseParams(rest.slice(semi)), headers: {} };
  }
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;

  let user: string | undefined;
  let password: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pw = userinfo.indexOf(':');
    user = pw < 0 ? userinfo : userinfo.slice(0, pw);
    if (pw >= 0) password = userinfo.slice(pw + 1);
    if (!user) return undefined;
  }
  let headers: Params = {};
  const q = rest.indexOf('?');
  if (q >= 0) {
    headers = parseUriHeaders(rest.slice(q + 1));
    rest = rest.slice(0, q);
  }
  let params: Params = {};
  // An IPv6 reference contains ':' but never ';', so the first ';' starts the parameters.
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    params = parseParams(rest.slice(semi));
    rest = rest.slice(0, semi);
  }
  const hp = parseHostPort(rest);
  if (!hp) return undefined;
  const uri: SipUri = { scheme, host: hp.host, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (hp.port !== undefined) uri.port = hp.port;
  return uri;
}

export function formatUri(uri: SipUri): string {
  let out = uri.scheme + ':';
  if (uri.scheme === 'tel') return out + (uri.user ?? '') + formatParams(uri.params);
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += ':' + uri.password;
    out += '@';
  }
  out += formatHostPort(uri.host, uri.port) + formatParams(uri.params);
  const names = Object.keys(uri.headers);
  if (names.length) {
    out += '?' + names.map((n) => (uri.headers[n] === null ? n : n + '=' + uri.headers[n])).join('&');
  }
  return out;
}
