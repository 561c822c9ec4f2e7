import { describe, expect, it } from 'vitest';
import { parseParams } from './params';
import { splitTopLevel } from './text';
import type { Params } from './types';

/** parseParams as it read by splitting the text first. */
function before(s: string): Params {
  const params: Params = {};
  for (const item of splitTopLevel(s, ';')) {
    const eq = item.indexOf('=');
    if (eq < 0) params[item.toLowerCase()] = null;
    else {
      const name = item.slice(0, eq).trim().toLowerCase();
      if (name) params[name] = item.slice(eq + 1).trim();
    }
  }
  return params;
}

describe('parseParams', () => {
  it('reads usual and odd parameters as splitting the text did', () => {
    const pieces = [';', ';;', 'rport', 'Branch', '=', 'z9hG4bK1', 'received', '10.0.0.1', 'tag', 'lr', ' ', '\t', '\r\n', '\u00a0', '\u3000', '"', '"a;b"', '\\"', '<', '>', '<sip:a;b>', ',', 'x', 'É', '__proto__', 'toString'];
    let seed = 19;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    for (let i = 0; i < 40_000; i++) {
      const text = Array.from({ length: rnd(9) }, () => pieces[rnd(pieces.length)]).join('');
      const got = parseParams(text);
      const want = before(text);
      expect([Object.getPrototypeOf(got), Object.entries(got)], JSON.stringify(text)).toEqual([Object.getPrototypeOf(want), Object.entries(want)]);
    }
    for (const text of [';rport=5060;branch=z9hG4bK-1;received=127.0.0.1', ';tag=1', 'lr', '', ';', ' ; a = b ; ', ';x="a;b";y=<c;d>;z']) {
      expect(Object.entries(parseParams(text)), JSON.stringify(text)).toEqual(Object.entries(before(text)));
    }
  });
});
