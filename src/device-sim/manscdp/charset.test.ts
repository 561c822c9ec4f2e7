import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BUSINESS_GROUP_NAME, channelName, VIRTUAL_ORG_NAMES } from '../model/names';
import { decodeBody, encodeText } from './charset';

/** Deterministic pseudo-random texts mixing ASCII, CJK, other BMP, astral characters and lone surrogates. */
function texts(count: number): string[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pieces = ['<Name>', '</Name>\r\n', 'a', '&amp;', ' ', '大门口', '停车场东', '模拟设备', 'é', '€', '½', '\u0080', '\x7f', '\0', '𠀀', '😀', '\ud800', '\udc00', '\uffff', '·'];
  return Array.from({ length: count }, () => Array.from({ length: next(12) }, () => pieces[next(pieces.length)]).join(''));
}

describe('GB18030 writing', () => {
  it('gives the bytes of the GB18030 encoder for any text, names seen before or not', () => {
    const samples = [
      '',
      'plain ASCII only',
      BUSINESS_GROUP_NAME,
      ...VIRTUAL_ORG_NAMES,
      ...Array.from({ length: 40 }, (_, ch) => `<Name>${channelName(ch)}</Name>`),
      '模拟设备12',
      '\ud800a',
      'a\udc00',
      '\ud83d',
      'x'.repeat(100) + '长'.repeat(100),
      ...texts(2000),
    ];
    for (const round of [1, 2]) {
      for (const t of samples) {
        const ours = encodeText(t, round === 1 ? 'gb2312' : 'gb18030');
        expect(ours.equals(iconv.encode(t, 'gb18030')), JSON.stringify(t)).toBe(true);
      }
    }
  });
});

describe('body reading', () => {
  it('reads ASCII bodies as they are, under any declaration', () => {
    for (const decl of ['GB2312', 'UTF-8', 'gbk', '']) {
      const xml = `<?xml version="1.0" encoding="${decl}"?>\r\n<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>7</SN>\r\n</Query>\r\n`;
      expect(decodeBody(Buffer.concat([Buffer.from(xml, 'latin1'), Buffer.alloc(2)]))).toBe(xml);
      expect(decodeBody(Buffer.from(xml, 'latin1'))).toBe(iconv.decode(Buffer.from(xml, 'latin1'), 'gb18030'));
    }
  });
});
