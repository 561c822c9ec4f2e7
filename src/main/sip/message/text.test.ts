import { describe, expect, it } from 'vitest';
import { hasLineBreak, isDigits, isSpaceCode, isToken } from './text';

describe('text scans', () => {
  const samples = ['', '0', '12', '1234567890', '12345678901', ' 1', '1 ', '１', '٣', '1.5', '-1', 'a\r', '\nb', 'a\r\nb', 'plain', '\u2028', '\u0085', 'x'.repeat(300) + '\n'];

  it('hasLineBreak answers as /[\\r\\n]/ and isDigits as /^\\d{1,n}$/', () => {
    for (const s of samples) {
      expect(hasLineBreak(s), JSON.stringify(s)).toBe(/[\r\n]/.test(s));
      for (const n of [1, 3, 10]) expect(isDigits(s, n), `${JSON.stringify(s)} ${n}`).toBe(new RegExp(`^\\d{1,${n}}$`).test(s));
    }
  });
});

describe('tokens without regular expressions', () => {
  const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

  it('isToken is /^[A-Za-z0-9\-.!%*_+`\'~]+$/ on every code unit, alone and after a token character', () => {
    expect(isToken('')).toBe(false);
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect(isToken(ch), c.toString(16)).toBe(TOKEN.test(ch));
      expect(isToken('Via' + ch), c.toString(16)).toBe(TOKEN.test('Via' + ch));
    }
    for (const s of ['Call-ID', 'X-GB-Ver', 'MESSAGE', 'a b', 'Via:', 'é', 'Āa']) expect(isToken(s), s).toBe(TOKEN.test(s));
  });
});

describe('white space without regular expressions', () => {
  it('isSpaceCode is /\\s/ on every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});
