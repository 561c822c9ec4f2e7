import type { Via } from './types';
import { formatParams, parseParams } from './params';
import { formatHostPort, parseHostPort } from './uri';
import { isSpaceCode } from './text';

/** Parse one Via value `SIP/2.0/UDP host:port;branch=...;rport` (LWS allowed around '/', RFC 3261 §20.42). */
export function parseVia(text: string): Via | undefined {
  const parts = plainVia(text) ?? viaByExpression(text);
  if (!parts) return undefined;
  const hp = parseHostPort(parts[3]);
  if (!hp) return undefined;
  const via: Via = {
    protocol: parts[0],
    transport: parts[1].toUpperCase(),
    host: hp.host,
    params: parts[2] ? parseParams(parts[2]) : {},
  };
  if (hp.port !== undefined) via.port = hp.port;
  return via;
}

type ViaParts = [protocol: string, transport: string, params: string | undefined, hostPort: string];

function viaByExpression(text: string): ViaParts | undefined {
  const m = /^\s*([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;\s]+(?:\s*:\s*\d+)?)\s*(;.*)?$/s.exec(text);
  return m ? [(m[1] + '/' + m[2]).toUpperCase(), m[3], m[5], m[4].replace(/\s+/g, '')] : undefined;
}

/**
 * A Via written the usual way, `SIP/2.0/<transport> <host[:port]>[;params]` with one space and no other white
 * space before the parameters, cut at its separators: the parts the expression gives it. undefined for any other.
 */
function plainVia(text: string): ViaParts | undefined {
  if (!text.startsWith('SIP/2.0/')) return undefined;
  const sp = text.indexOf(' ', 8);
  if (sp <= 8) return undefined;
  for (let i = 8; i < sp; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2f || c === 0x3b || isSpaceCode(c)) return undefined;
  }
  let end = sp + 1;
  while (end < text.length && text.charCodeAt(end) !== 0x3b) {
    if (isSpaceCode(text.charCodeAt(end))) return undefined;
    end++;
  }
  if (end === sp + 1) return undefined;
  return ['SIP/2.0', text.slice(8, sp), end < text.length ? text.slice(end) : undefined, text.slice(sp + 1, end)];
}

export function formatVia(via: Via): string {
  return via.protocol + '/' + via.transport + ' ' + formatHostPort(via.host, via.port) + formatParams(via.params);
}
