import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody, type DecodedBody, type DecodeResult } from './codec';
import { replyCharsetFor } from './charset';

const NAME = '大门口摄像机';

function catalogXml(encoding: string | null, name = NAME): string {
  const decl = encoding === null ? '' : `<?xml version="1.0" encoding="${encoding}"?>\r\n`;
  return (
    `${decl}<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SN>17</SN>\r\n<DeviceID>34020000001180000001</DeviceID>\r\n` +
    `<SumNum>1</SumNum>\r\n<DeviceList Num="1">\r\n<Item>\r\n<DeviceID>34020000001320000001</DeviceID>\r\n` +
    `<Name>${name}</Name>\r\n<Port>0080</Port>\r\n</Item>\r\n</DeviceList>\r\n</Response>\r\n`
  );
}

function ok(r: DecodeResult): DecodedBody {
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r;
}

const itemName = (m: DecodedBody) => ((m.fields.DeviceList as any).Item[0] as any).Name;

describe('charsets', () => {
  it('GB2312 body with a Chinese name', () => {
    const buf = iconv.encode(catalogXml('GB2312'), 'gb2312');
    expect(buf.includes(Buffer.from(NAME, 'utf8'))).toBe(false); // really GB bytes
    const m = ok(decodeBody(buf));
    expect(itemName(m)).toBe(NAME);
    expect(m.charset).toBe('gb18030');
    expect(m.declaredEncoding).toBe('GB2312');
    expect(m.charsetMismatch).toBe(false);
    expect(replyCharsetFor(m)).toBe('gb2312');
  });

  it('GB18030 body including a character outside GBK (4-byte sequence)', () => {
    const name = `${NAME}𠀀`;
    const buf = iconv.encode(catalogXml('GB18030', name), 'gb18030');
    const m = ok(decodeBody(buf));
    expect(itemName(m)).toBe(name);
    expect(replyCharsetFor(m)).toBe('gb18030');
  });

  it('GBK declaration and lower-case spelling are the GB family', () => {
    const m = ok(decodeBody(iconv.encode(catalogXml('gbk'), 'gbk')));
    expect(itemName(m)).toBe(NAME);
    expect(m.charset).toBe('gb18030');
  });

  it('UTF-8 bytes under a GB2312 declaration: decoded as UTF-8 and flagged', () => {
    const m = ok(decodeBody(Buffer.from(catalogXml('GB2312'), 'utf8')));
    expect(itemName(m)).toBe(NAME);
    expect(m.charset).toBe('utf-8');
    expect(m.charsetMismatch).toBe(true);
    expect(replyCharsetFor(m)).toBe('utf-8');
  });

  it('GB bytes under a UTF-8 declaration, and without any declaration', () => {
    const a = ok(decodeBody(iconv.encode(catalogXml('UTF-8'), 'gb2312')));
    expect(itemName(a)).toBe(NAME);
    expect(a.charset).toBe('gb18030');
    expect(a.charsetMismatch).toBe(true);
    const b = ok(decodeBody(iconv.encode(catalogXml(null), 'gb2312')));
    expect(itemName(b)).toBe(NAME);
    expect(b.charset).toBe('gb18030');
    expect(b.declaredEncoding).toBeUndefined();
  });

  it('UTF-8 with a BOM and no declaration', () => {
    const m = ok(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(catalogXml(null), 'utf8')])));
    expect(itemName(m)).toBe(NAME);
    expect(m.charset).toBe('utf-8');
  });

  it('ASCII body keeps the declared family for replies', () => {
    expect(ok(decodeBody(Buffer.from(catalogXml('GB2312', 'Gate'), 'latin1'))).charset).toBe('gb18030');
    expect(ok(decodeBody(Buffer.from(catalogXml('UTF-8', 'Gate'), 'latin1'))).charset).toBe('utf-8');
  });
});

describe('structure', () => {
  it('keeps IDs and numbers as strings; Item is always an array; attributes as @Name', () => {
    const m = ok(decodeBody(Buffer.from(catalogXml('UTF-8'))));
    expect(m).toMatchObject({ root: 'Response', cmdType: 'Catalog', sn: '17', deviceId: '34020000001180000001' });
    const list = m.fields.DeviceList as any;
    expect(list['@Num']).toBe('1');
    expect(Array.isArray(list.Item)).toBe(true);
    expect(list.Item[0].DeviceID).toBe('34020000001320000001');
    expect(list.Item[0].Port).toBe('0080');
    expect(m.fields.SumNum).toBe('1');
  });

  it('matches element names, root and CmdType case-insensitively', () => {
    const m = ok(
      decodeBody('<?xml version="1.0"?><RESPONSE><cmdtype>catalog</cmdtype><sn>5</sn><deviceid>34020000001320000001</deviceid><devicelist num="0"></devicelist></RESPONSE>'),
    );
    expect(m).toMatchObject({ root: 'Response', cmdType: 'Catalog', sn: '5', deviceId: '34020000001320000001' });
    expect(m.fields.DeviceList).toEqual({ '@Num': '0' });
  });

  it('accepts a close tag in another case than its open tag', () => {
    const m = ok(decodeBody('<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>1</deviceID><Status>OK</status></Notify>'));
    expect(m.deviceId).toBe('1');
    expect(m.fields.Status).toBe('OK');
  });

  it('strips trailing NUL bytes and whitespace', () => {
    const buf = Buffer.concat([Buffer.from(catalogXml('UTF-8')), Buffer.alloc(7), Buffer.from('\r\n\0')]);
    expect(ok(decodeBody(buf)).sn).toBe('17');
  });

  it('decodes predefined entities and character references; unescaped & in names is tolerated', () => {
    const m = ok(decodeBody('<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>1</DeviceID><AlarmDescription>A&amp;B &lt;1&gt; &#x5927;&#38; R&D</AlarmDescription></Notify>'));
    expect(m.fields.AlarmDescription).toBe('A&B <1> 大& R&D');
  });

  it('empty SN / DeviceID become "", unknown elements are kept', () => {
    const m = ok(decodeBody('<Query><CmdType>Catalog</CmdType><SN/><DeviceID></DeviceID><VendorX>1</VendorX></Query>'));
    expect(m.sn).toBe('');
    expect(m.deviceId).toBe('');
    expect(m.fields.VendorX).toBe('1');
  });
});

describe('failures explain themselves', () => {
  it('malformed XML gives the parser message and line', () => {
    const r = decodeBody('<?xml version="1.0"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SN>17</SN>\r\n<Name>x</Nme>\r\n</Response>');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/^malformed XML: .*'Name'.* at line 5$/);
    expect(r.hint).toEqual({ cmdType: 'Catalog', sn: '17' });
  });

  it('truncated body', () => {
    const r = decodeBody(catalogXml('UTF-8').slice(0, 120));
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed XML: .* at line \d+$/) });
  });

  it('unknown root, missing CmdType, empty, several roots', () => {
    expect(decodeBody('<Foo><CmdType>Catalog</CmdType></Foo>')).toMatchObject({
      ok: false,
      reason: 'unknown root element <Foo>; expected Query, Control, Notify, Response',
    });
    expect(decodeBody('<Query><SN>1</SN></Query>')).toMatchObject({ ok: false, reason: '<Query> has no CmdType' });
    expect(decodeBody(Buffer.alloc(4))).toMatchObject({ ok: false, reason: 'empty body' });
    expect(decodeBody('<Query><CmdType>A</CmdType></Query><Query><CmdType>B</CmdType></Query>').ok).toBe(false);
    expect(decodeBody('not xml at all').ok).toBe(false);
  });

  it('size and depth limits', () => {
    const big = `<Query><CmdType>Catalog</CmdType><X>${'a'.repeat(2 * 1024 * 1024)}</X></Query>`;
    expect(decodeBody(big)).toMatchObject({ ok: false, reason: expect.stringMatching(/^body too large: \d+ bytes \(limit 1048576\)$/) });
    expect(decodeBody(catalogXml('UTF-8'), { maxBytes: 100 })).toMatchObject({ ok: false });
    const deep = `<Query><CmdType>Catalog</CmdType>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</Query>`;
    expect(decodeBody(deep)).toMatchObject({ ok: false, reason: 'XML nested deeper than 32 levels' });
  });

  it('billion laughs: refused before any expansion', () => {
    const lol =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n') +
      ']>\n<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>&lol9;</DeviceID></Notify>';
    const r = decodeBody(lol);
    expect(r).toMatchObject({ ok: false, reason: 'DOCTYPE / ENTITY declarations are not allowed in MANSCDP bodies' });
  });

  it('entity references without a DOCTYPE are left as text, not expanded', () => {
    const m = ok(decodeBody('<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>&lol9;</DeviceID></Notify>'));
    expect(m.deviceId).toBe('&lol9;');
  });

  it('external entity (XXE) attempt is refused', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]><Query><CmdType>&x;</CmdType></Query>';
    expect(decodeBody(xxe).ok).toBe(false);
  });
});

describe('encodeBody', () => {
  const body = {
    CmdType: 'Catalog',
    SN: '17',
    DeviceID: '34020000001180000001',
    SumNum: 2,
    DeviceList: {
      '@Num': 2,
      Item: [
        { DeviceID: '34020000001320000001', Name: NAME },
        { DeviceID: '34020000001320000002', Name: 'A&B <C>', Skipped: undefined },
      ],
    },
  };

  it('GB2312: declaration and bytes in that charset, round trip', () => {
    const buf = encodeBody('Response', body, 'gb2312');
    expect(buf.subarray(0, 39).toString('latin1')).toBe('<?xml version="1.0" encoding="GB2312"?>');
    expect(buf.includes(iconv.encode(NAME, 'gb2312'))).toBe(true);
    const m = ok(decodeBody(buf));
    expect((m.fields.DeviceList as any).Item.map((i: any) => i.Name)).toEqual([NAME, 'A&B <C>']);
    expect((m.fields.DeviceList as any)['@Num']).toBe('2');
    expect(buf.toString('latin1')).not.toContain('Skipped');
  });

  it('UTF-8 and GB18030 declarations', () => {
    const u = encodeBody('Response', body, 'utf-8');
    expect(u.toString('utf8')).toContain('encoding="UTF-8"');
    expect(u.toString('utf8')).toContain(NAME);
    const g = encodeBody('Response', body, 'gb18030');
    expect(g.toString('latin1')).toContain('encoding="GB18030"');
    expect(itemName(ok(decodeBody(g)))).toBe(NAME);
  });

  it('refuses element names that would break the document', () => {
    expect(() => encodeBody('Query', { 'bad name': 'x' })).toThrow(/invalid XML element name/);
  });
});

describe('robustness', () => {
  const seeds = [
    iconv.encode(catalogXml('GB2312'), 'gb2312'),
    Buffer.from(catalogXml('UTF-8')),
    Buffer.from('<Control><CmdType>DeviceControl</CmdType><SN>3</SN><DeviceID>1</DeviceID><PTZCmd>A50F0100000000B5</PTZCmd></Control>'),
  ];

  it('never throws on mutated bodies (flips, cuts, insertions)', () => {
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      cut: fc.option(fc.nat()),
      insert: fc.option(fc.tuple(fc.nat(), fc.constantFrom('<', '>', '&', '<!DOCTYPE x>', '<a>', '</Item>', '\0', '"', '&#0;', '&#xD800;'))),
    });
    fc.assert(
      fc.property(mutation, ({ seed, flips, cut, insert }) => {
        let buf = Buffer.from(seeds[seed]);
        for (const [pos, byte] of flips) buf[pos % buf.length] = byte;
        if (cut !== null) buf = buf.subarray(0, cut % (buf.length + 1));
        if (insert !== null) {
          const p = insert[0] % (buf.length + 1);
          buf = Buffer.concat([buf.subarray(0, p), Buffer.from(insert[1]), buf.subarray(p)]);
        }
        const r = decodeBody(buf);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        expect(typeof decodeBody(Buffer.from(b)).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('hostile input stays cheap', () => {
  // A quadratic scan here would run for minutes and hit the test timeout.
  it('a megabyte of whitespace inside a header element', () => {
    expect(decodeBody(`<Query><CmdType>${' '.repeat(1_000_000)}</Query`).ok).toBe(false);
    expect(decodeBody(`<Query><CmdType>${'&a'.repeat(300_000)}</CmdType></Query>`).ok).toBe(true);
  });
});
