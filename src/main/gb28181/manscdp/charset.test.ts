import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeGb18030, encodeText } from './charset';

const reference = (bytes: number[]): string => iconv.decode(Buffer.from(bytes), 'gb18030');

/** Every n-byte code the loops give, each between two ASCII letters, in batches: what decodes differently. */
function differences(codes: Iterable<number[]>): string[] {
  const out: string[] = [];
  for (const code of codes) {
    const bytes = [0x41, ...code, 0x42];
    if (decodeGb18030(Buffer.from(bytes)) !== reference(bytes)) out.push(Buffer.from(code).toString('hex'));
  }
  return out;
}

function* oneAndTwoByteCodes(): Iterable<number[]> {
  for (let a = 0; a < 256; a++) yield [a];
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0; b <= 0xff; b++) if (b < 0x30 || b > 0x39) yield [a, b];
}

/** The four-byte codes of the Basic Multilingual Plane and the first of each supplementary lead. */
function* fourByteCodes(): Iterable<number[]> {
  for (let a = 0x81; a <= 0x84; a++) for (let b = 0x30; b <= 0x39; b++) for (let c = 0x81; c <= 0xfe; c++) for (let d = 0x30; d <= 0x39; d++) yield [a, b, c, d];
  for (let a = 0x85; a <= 0xfe; a++) for (const b of [0x30, 0x39]) for (const c of [0x81, 0xfe]) yield [a, b, c, 0x30];
}

describe('decodeGb18030', () => {
  it('decodes every one- and two-byte code as iconv-lite does (the codes GB18030-2022 moved included)', () => {
    expect(differences(oneAndTwoByteCodes())).toEqual([]);
    expect(decodeGb18030(Buffer.from([0xa6, 0xd9, 0xfe, 0x59]))).toBe('\ue78d\ue81e');
  });

  it('decodes the four-byte codes as iconv-lite does', () => {
    expect(differences(fourByteCodes())).toEqual([]);
  });

  it('decodes mixed text, damaged bytes and a leading byte order mark as iconv-lite does', () => {
    const pieces = [[0x41], [0x0d, 0x0a], [0xb4, 0xf3], [0xc3, 0xc5], [0xa6, 0xd9], [0x81, 0x30, 0x81, 0x30], [0x84, 0x31, 0x95, 0x33], [0x90, 0x30, 0x81, 0x30], [0x80], [0xff], [0x81], [0x81, 0x30], [0xfe, 0x39, 0xfe, 0x39], [0x26]];
    let seed = 28181;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    for (let i = 0; i < 5000; i++) {
      const bytes = Array.from({ length: 1 + rnd(8) }, () => pieces[rnd(pieces.length)]).flat();
      expect(decodeGb18030(Buffer.from(bytes)), Buffer.from(bytes).toString('hex')).toBe(reference(bytes));
    }
    expect(decodeGb18030(Buffer.from([0x84, 0x31, 0x95, 0x33, 0x3c]))).toBe(reference([0x84, 0x31, 0x95, 0x33, 0x3c]));
  });
});

describe('encodeText', () => {
  it('gives the bytes iconv-lite gives in each charset, for ASCII (every code) and for Chinese text', () => {
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('');
    const chinese = '<Name>大门口 camera 1</Name>\r\n<Address>停车场东</Address>';
    for (const text of [ascii, chinese, '']) {
      expect(encodeText(text, 'gb2312').equals(iconv.encode(text, 'gbk'))).toBe(true);
      expect(encodeText(text, 'gb18030').equals(iconv.encode(text, 'gb18030'))).toBe(true);
      expect(encodeText(text, 'utf-8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });
});
