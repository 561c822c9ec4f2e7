// The served console learns the API token from its own page: a meta tag only same-origin script can read (the
// browser's same-origin policy keeps other sites from reading the page; the Host check keeps rebinding out).
import type http from 'node:http';

export const TOKEN_META = 'gb-api-token';

export function withToken(html: string, token: string): string {
  const tag = `<meta name="${TOKEN_META}" content="${token.replace(/[^A-Za-z0-9_-]/g, '')}" />`;
  return html.includes('<head>') ? html.replace('<head>', `<head>\n    ${tag}`) : tag + html;
}

/**
 * Only a browser on this machine gets the token built into the page. On a network address anyone could load
 * the page, so there the installer opens the console with the #token= link printed at start-up.
 */
export function isLocalPeer(req: http.IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '::1' || /^(::ffff:)?127\./.test(a);
}
