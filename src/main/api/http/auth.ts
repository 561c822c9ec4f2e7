import crypto from 'node:crypto';
import type http from 'node:http';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The WebSocket subprotocol the console speaks; the token travels beside it as `gb.token.<token>`. */
export const WS_PROTOCOL = 'gb.v1';
export const WS_TOKEN_PREFIX = 'gb.token.';

/**
 * The token a caller presents: "Authorization: Bearer <token>", Basic auth with the token as password
 * (curl -u :<token>), or on a WebSocket upgrade the subprotocol gb.token.<token> (a browser cannot set headers
 * there). Never from the URL: URLs end up in logs and browser history.
 */
export function presentedToken(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  for (const p of String(req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const name = p.trim();
    if (name.startsWith(WS_TOKEN_PREFIX)) return name.slice(WS_TOKEN_PREFIX.length);
  }
  return null;
}

/** The subprotocol a server answers with: never the token entry, which only proves who is asking. */
export function pickProtocol(offered: Set<string>): string | false {
  return offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
}

export function tokenMatches(expected: string, presented: string | null): boolean {
  if (!presented) return false;
  const a = crypto.createHash('sha256').update(expected).digest();
  const b = crypto.createHash('sha256').update(presented).digest();
  return crypto.timingSafeEqual(a, b);
}
