import type { Via } from './types';
import { formatParams, parseParams } from './params';
import { formatHostPort, parseHostPort } from './uri';

/** Parse one Via value `SIP/2.0/UDP host:port;branch=...;rport` (LWS allowed around '/', RFC 3261 §20.42). */
export function parseVia(text: string): Via | undefined {
  const m = /^\s*([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;\s]+(?:\s*:\s*\d+)?)\s*(;.*)?$/s.exec(text);
  if (!m) return undefined;
  const hp = parseHostPort(m[4].replace(/\s+/g, ''));
  if (!hp) return undefined;
  const via: Via = {
    protocol: (m[1] + '/' + m[2]).toUpperCase(),
    transport: m[3].toUpperCase(),
    host: hp.host,
    params: m[5] ? parseParams(m[5]) : {},
  };
  if (hp.port !== undefined) via.port = hp.port;
  return via;
}

export function formatVia(via: Via): string {
  return via.protocol + '/' + via.transport + ' ' + formatHostPort(via.host, via.port) + formatParams(via.params);
}
