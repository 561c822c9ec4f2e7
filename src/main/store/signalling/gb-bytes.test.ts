import iconv from 'iconv-lite';
import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gb18030Bytes } from './gb-bytes';

describe('GB18030 bytes of a search text', () => {
  it('are what iconv-lite encodes, for Chinese, CJK punctuation, full-width forms and ASCII', () => {
    for (const text of ['停车场枪机', '门', '一号楼，东门（北）', 'Ａ１区 3号', '摄像机-01']) expect(gb18030Bytes(text), text).toEqual(iconv.encode(text, 'gb18030'));
  });

  it('are the two-byte code a body holding the character is decoded from (ICU, as charset.ts decodes)', () => {
    const icu = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = icu.decode(Buffer.from([lead, trail]));
        const bytes = gb18030Bytes(ch);
        // null: the character has another code too, so no bytes rule a body out.
        if (bytes !== null) expect(icu.decode(bytes), ch).toBe(ch);
      }
    }
  });

  it('is null for a character that takes four bytes', () => {
    expect(gb18030Bytes('€')?.length).toBe(2); // 0x80 in GBK's extension
    expect(gb18030Bytes('\u{20000}')).toBeNull();
  });
});
