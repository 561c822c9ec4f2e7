import { describe, expect, it } from 'vitest';
import { hasLineBreak, hasSpace, isDigits, isSpaceCode } from './text';
import { parseHostPort } from './uri';

describe('text scans', () => {
  const samples = ['', '0', '12', '1234567890', '12345678901', ' 1', '1 ', '１', '٣', '1.5', '-1', 'a\r', '\nb', 'a\r\nb', 'plain', '\u2028', '\u0085', 'x'.repeat(300) + '\n'];

  it('hasLineBreak answers as /[\\r\\n]/ and isDigits as /^\\d{1,n}$/', () => {
    for (const s of samples) {
      expect(hasLineBreak(s), JSON.stringify(s)).toBe(/[\r\n]/.test(s));
      for (const n of [1, 3, 10]) expect(isDigits(s, n), `${JSON.stringify(s)} ${n}`).toBe(new RegExp(`^\\d{1,${n}}$`).test(s));
    }
  });
});

describe('white space without regular expressions', () => {
  it('isSpaceCode is /\\s/ on every UTF-16 code unit, hasSpace on strings', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
    for (const s of ['', 'a', 'a b', 'x\u00a0', '\u3000', 'sip:a@b', 'a\u2028']) expect(hasSpace(s)).toBe(/\s/.test(s));
  });

  it('parseHostPort answers as with its expressions', () => {
    // the function as it read with /[\s<>"@;?,[\]]/ and /^:\d{1,5}$/
    const before = (s: string): { host: string; port?: number } | undefined => {
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
    };
    const pieces = ['10.0.0.7', 'cam', ':', ':5060', ':65536', ':123456', ':', '[', ']', '2001:db8::1', ' ', '\u00a0', '<', '>', '"', '@', ';', '?', ',', '\t', '5', 'x'];
    let seed = 5;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: rnd(5) }, () => pieces[rnd(pieces.length)]).join('');
      expect(parseHostPort(s), JSON.stringify(s)).toEqual(before(s));
    }
  });
});
