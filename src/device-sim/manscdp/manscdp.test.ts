import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from './charset';
import { catalogResponse, encodeDoc, keepalive, mobilePosition } from './messages';
import { child, readManscdp, text } from './read';

describe('MANSCDP writing', () => {
  it('writes GB2312 bodies with the declaration and Chinese names as GB bytes', () => {
    const doc = catalogResponse('34020000001320000001', '7', 1, [{ kind: 'channel', deviceId: '34020000001310000001', name: '大门口', parentId: 'x', status: 'ON' }], {
      version: '2.0',
      manufacturer: 'M',
      model: 'm',
      civilCode: '340200',
      ipAddress: '127.0.0.1',
      port: 5060,
    });
    const gb = encodeDoc(doc, { charset: 'gb2312' });
    expect(gb.subarray(0, 40).toString('latin1')).toBe('<?xml version="1.0" encoding="GB2312"?>\r');
    expect(gb.includes(iconv.encode('大门口', 'gb2312'))).toBe(true);
    expect(gb.includes(Buffer.from('大门口', 'utf8'))).toBe(false);
    const read = readManscdp(gb);
    expect(read.ok && text(child(child(read.message.body, 'DeviceList'), 'Item'), 'Name')).toBe('大门口');
    expect(read.ok && text(read.message.body, 'SumNum')).toBe('1');
    const utf8 = encodeDoc(doc, { charset: 'utf-8' });
    expect(utf8.includes(Buffer.from('大门口', 'utf8'))).toBe(true);
  });

  it('escapes markup in text and writes malformed XML only when asked', () => {
    const ka = keepalive('3402', 1);
    expect(readManscdp(encodeDoc(ka, { charset: 'utf-8' })).ok).toBe(true);
    const bad = readManscdp(encodeDoc(ka, { charset: 'utf-8', malformed: true }));
    expect(bad.ok).toBe(false);
    const pos = encodeDoc(mobilePosition('3402', 2, '3.0', { time: new Date(), longitude: 1, latitude: 2, speed: 0, direction: 0, altitude: 0 }), { charset: 'utf-8' });
    expect(pos.toString()).toContain('<DeviceList Num="1">');
  });
});

describe('MANSCDP reading', () => {
  it('matches element names in any case, drops trailing NULs and falls back when GB2312 is declared over UTF-8', () => {
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GB2312"?><QUERY><cmdtype>Catalog</cmdtype><sn>5</sn><deviceid>1</deviceid><Name>停车场东</Name></QUERY>', 'utf8'), Buffer.alloc(3)]);
    const r = readManscdp(xml);
    if (!r.ok) throw new Error(r.reason);
    expect(r.message).toMatchObject({ cmdType: 'Catalog', sn: '5', deviceId: '1' });
    expect(text(r.message.body, 'NAME')).toBe('停车场东');
  });

  it('decodes GB18030 bytes without a declaration and says why it refuses a body', () => {
    expect(decodeBody(iconv.encode('<Notify>大门口</Notify>', 'gb18030'))).toBe('<Notify>大门口</Notify>');
    expect(readManscdp(Buffer.from('<Other/>'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no Query/) });
    expect(readManscdp(Buffer.from('<Query><SN>1</SN></Query>'))).toMatchObject({ ok: false, reason: 'Query without CmdType' });
  });
});
