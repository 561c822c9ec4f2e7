import { describe, expect, it } from 'vitest';
import { parseParams } from './params';
import { parseHostPort } from './uri';
import { parseVia } from './via';
import type { Via } from './types';

/** parseVia as it read with one expression for every Via. */
function before(text: string): Via | undefined {
  const m = /^\s*([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;\s]+(?:\s*:\s*\d+)?)\s*(;.*)?$/s.exec(text);
  if (!m) return undefined;
  const hp = parseHostPort(m[4].replace(/\s+/g, ''));
  if (!hp) return undefined;
  const via: Via = { protocol: (m[1] + '/' + m[2]).toUpperCase(), transport: m[3].toUpperCase(), host: hp.host, params: m[5] ? parseParams(m[5]) : {} };
  if (hp.port !== undefined) via.port = hp.port;
  return via;
}

describe('parseVia', () => {
  it('reads usual and odd Vias as the single expression did', () => {
    const pieces = ['SIP/2.0/', 'SIP/2.0/UDP', 'sip/2.0/tcp', 'SIP', '/', '2.0', 'UDP', 'TCP', ' ', '  ', '\t', '\r\n ', '\u00a0', '10.0.0.7', ':5060', ' : 5060', ':', '[2001:db8::1]', ';', ';rport', ';branch=z9hG4bK1', ';received=1.2.3.4', '=', ',', 'x', '\u3000', '/x'];
    let seed = 9;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    let read = 0;
    for (let i = 0; i < 40_000; i++) {
      // half of them start the usual way
      const head = rnd(2) ? 'SIP/2.0/' + ['UDP', 'TCP', 'udp', 'U;P', 'U\tP', ''][rnd(6)] + [' ', '  ', '\t', ''][rnd(4)] : '';
      const text = head + Array.from({ length: rnd(6) }, () => pieces[rnd(pieces.length)]).join('');
      const want = before(text);
      expect(parseVia(text), JSON.stringify(text)).toEqual(want);
      if (want) read++;
    }
    expect(read).toBeGreaterThan(2000);
    for (const text of ['SIP/2.0/UDP 127.0.0.1:15299;rport;branch=z9hG4bK-1', 'SIP/2.0/UDP h', 'SIP/2.0/UDP h ', 'SIP/2.0/UDP h;', 'SIP/2.0/UDP h:5060 ;rport', ' SIP/2.0/UDP h', 'SIP/2.0/UDP h\u00a0;x', 'SIP/2.0/U/DP h']) {
      expect(parseVia(text), JSON.stringify(text)).toEqual(before(text));
    }
  });
});
