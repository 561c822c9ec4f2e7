import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeGb18030 } from '../../gb28181/manscdp/charset';
import { decodeBody } from './charset';

/** The rule as the strict decoder states it: what it accepts is UTF-8, what it refuses is GB18030. */
function byStrictDecoder(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeGb18030(body);
  }
}

let seed = 11;
function rand(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
}

describe('decodeBody', () => {
  it('takes as UTF-8 exactly what the strict UTF-8 decoder accepts, and everything else as GB18030', () => {
    const pieces = [
      Buffer.from('<Name>Camera</Name>'),
      Buffer.from('大门口球机', 'utf8'),
      iconv.encode('停车场枪机', 'gb2312'),
      Buffer.from([0xef, 0xbb, 0xbf]), // BOM
      Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate encoded in UTF-8
      Buffer.from([0xc0, 0xaf]), // overlong
      Buffer.from([0xf4, 0x90, 0x80, 0x80]), // past U+10FFFF
      Buffer.from([0xe5, 0xa4]), // truncated
      Buffer.from([0x80]),
      Buffer.from([0xff]),
      Buffer.from('😀', 'utf8'),
    ];
    for (let i = 0; i < 3_000; i++) {
      const parts = Array.from({ length: 1 + rand(4) }, () => pieces[rand(pieces.length)]);
      const body = Buffer.concat(parts);
      const utf8 = (() => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(body);
          return true;
        } catch {
          return false;
        }
      })();
      const got = decodeBody(body, 'Application/MANSCDP+xml');
      expect(got.text).toBe(byStrictDecoder(body));
      expect(got.charset).toBe(utf8 ? 'UTF-8' : 'GB18030');
    }
  });
});
