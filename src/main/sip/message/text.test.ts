import { describe, expect, it } from 'vitest';
import { hasLineBreak, isDigits, isSpaceCode } from './text';

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
  it('isSpaceCode is /\\s/ on every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});
