// The fast reader must build exactly what the general parser builds (key order included: catalogues are stored as
// JSON), and must give up on whatever the validator rejects. Compared on hand-written bodies of every shape
// MANSCDP uses, on generated trees, and on random damage to them.
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decodeBody, parseGeneralXml } from './codec';
import { parseSimpleXml } from './simple-xml';

const DEPTH = 32;
const general = (xml: string): string =>
  XMLValidator.validate(xml, { allowBooleanAttributes: true }) === true ? JSON.stringify(parseGeneralXml(xml, DEPTH)) : 'invalid';

/** What the fast reader gives, or null; fails the test when it accepts something it must not, or differs. */
const sameAsGeneral = (xml: string): boolean => {
  const fast = parseSimpleXml(xml, DEPTH);
  if (fast === null) return false;
  expect(JSON.stringify(fast), xml).toBe(general(xml));
  return true;
};

const BODIES = [
  `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>43</SN>\r\n<DeviceID>34020000001320000001</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n`,
  `<?xml version="1.0"?><Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>34020000001320000001</DeviceID><Status>OK</Status><Info><DeviceID>34020000001310000001</DeviceID><DeviceID>34020000001310000002</DeviceID></Info></Notify>`,
  `<?xml version="1.0" encoding="GB2312"?>\n<Response>\n<CmdType>Catalog</CmdType>\n<SN>17</SN>\n<DeviceID>34020000001180000001</DeviceID>\n<SumNum>2</SumNum>\n<DeviceList Num="2">\n<Item>\n<DeviceID>34020000001320000001</DeviceID>\n<Name>大门口 摄像机</Name>\n<Port>0080</Port>\n<Info>\n<PTZType>3</PTZType>\n</Info>\n</Item>\n<Item><DeviceID>34020000001320000002</DeviceID><Name>A &amp; B &lt;1&gt; &#x4E2D;&#20013;</Name><Longitude>120.100000</Longitude></Item>\n</DeviceList>\n</Response>\n`,
  `<Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>1</DeviceID><SumNum>1</SumNum><DeviceList Num='1'><Item><DeviceID>x</DeviceID></Item></DeviceList></Response>`,
  `<Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>1</DeviceID><SumNum>0</SumNum><DeviceList Num="0"></DeviceList></Response>`,
  `<Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>1</DeviceID><SumNum>0</SumNum><DeviceList Num="0"/></Response>`,
  `<Response><CmdType>DeviceInfo</CmdType><SN>2</SN><DeviceID>1</DeviceID><Result>OK</Result><DeviceName></DeviceName><Manufacturer/><Model>  IPC  </Model><Firmware>V5.5 build&apos;2</Firmware><Channel>4</Channel></Response>`,
  `<Response><CmdType>RecordInfo</CmdType><SN>3</SN><DeviceID>1</DeviceID><Name>ch</Name><SumNum>2</SumNum><RecordList Num="2"><Item><DeviceID>1</DeviceID><StartTime>2026-01-01T00:00:00</StartTime><EndTime>2026-01-01T00:10:00</EndTime><Type>time</Type></Item><Item><DeviceID>1</DeviceID><Type>alarm</Type></Item></RecordList></Response>`,
  `<Notify><CmdType>Alarm</CmdType><SN>4</SN><DeviceID>1</DeviceID><AlarmPriority>1</AlarmPriority><AlarmMethod>5</AlarmMethod><AlarmTime>2026-01-01T00:00:00</AlarmTime><Info><AlarmType>2</AlarmType><AlarmTypeParam><EventType>1</EventType></AlarmTypeParam></Info></Notify>`,
  `<Response><CmdType>ConfigDownload</CmdType><SN>5</SN><DeviceID>1</DeviceID><Result>OK</Result><BasicParam><Name>cam</Name><Expiration>3600</Expiration><HeartBeatInterval>60</HeartBeatInterval><HeartBeatCount>3</HeartBeatCount></BasicParam></Response>`,
  `<Response><CmdType>PresetQuery</CmdType><SN>6</SN><DeviceID>1</DeviceID><PresetList Num="2"><Item><PresetID>1</PresetID><PresetName>门</PresetName></Item><Item><PresetID>2</PresetID><PresetName/></Item></PresetList></Response>`,
  `<Notify><CmdType>MediaStatus</CmdType><SN>7</SN><DeviceID>1</DeviceID><NotifyType>121</NotifyType></Notify>`,
  `<Query><CmdType>Catalog</CmdType><SN>8</SN><DeviceID>1</DeviceID></Query>`,
  `<Control><CmdType>DeviceControl</CmdType><SN>9</SN><DeviceID>1</DeviceID><PTZCmd>A50F01021F1F0093</PTZCmd><Info><ControlPriority>5</ControlPriority></Info></Control>`,
  `<Response><CmdType>DeviceStatus</CmdType><SN>10</SN><DeviceID>1</DeviceID><Result>OK</Result><Online>ONLINE</Online><Status>OK</Status><Alarmstatus Num="1"><Item><DeviceID>1</DeviceID><DutyStatus>OFFDUTY</DutyStatus></Item></Alarmstatus></Response>`,
  `<response><cmdtype>catalog</cmdtype><sn>11</sn><deviceid>1</deviceid><devicelist num="1"><item><deviceid>2</deviceid><name>lower</name></item></devicelist></response>`,
  `<Response><CmdType>x</CmdType><SN>1</SN><A b="1">text</A><C d="  spaced  ">  </C><E f="&amp;"/><G h="1" i="2"><J>k</J></G><J>1</J><J>2</J><J>3</J></Response>`,
  `<Response><CmdType>x</CmdType><Text>a > b</Text><T2>\u3000full width\u3000</T2><T3>\ttab\t</T3></Response>`,
  `<Response ><CmdType >x</CmdType ><A\tb = "1" ></A></Response\n>`,
];

/** Bodies the fast reader must leave to the general path (it gives up), whatever that path then says. */
const LEFT_TO_GENERAL = [
  `<Response><!-- c --><CmdType>x</CmdType></Response>`,
  `<Response><CmdType><![CDATA[x]]></CmdType></Response>`,
  `<Response><CmdType>x</cmdtype></Response>`,
  `<Response><CmdType>x</CmdType>tail<A>1</A></Response>`,
  `<Response><a:b>1</a:b></Response>`,
  `<Response><A b=1>x</A></Response>`,
  `<Response><A b>x</A></Response>`,
  `<Response><A b="1" b="2">x</A></Response>`,
  `<Response><A>x &nbsp; y</A></Response>`,
  `<Response><A>x</A></Response><Response/>`,
  `text<Response/>`,
  `<Response><A>x</A>`,
  `<Response><?pi x?></Response>`,
  `<Response><A b="<">x</A></Response>`,
];

describe('parseSimpleXml', () => {
  it('builds what the general parser builds for every MANSCDP shape', () => {
    for (const xml of BODIES) expect(sameAsGeneral(xml), xml).toBe(true);
  });

  it('reads names by what it has seen without mixing up names alike in length and first letter, past the bounds of what it keeps', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `N${String(i).padStart(4, '0')}`);
    const body = (order: string[]) => `<Response><CmdType>x</CmdType>${order.map((n) => `<${n} ${n}="${n}">${n.toLowerCase()}</${n}>`).join('')}<n0001>lower</n0001></Response>`;
    for (const xml of [body(names), body([...names].reverse()), body(names)]) expect(sameAsGeneral(xml)).toBe(true);
  });

  it('gives up on comments, CDATA, mis-cased close tags, mixed content, prefixes, unquoted, boolean and duplicate attributes, unknown entities, two roots, and nesting deeper than allowed', () => {
    for (const xml of LEFT_TO_GENERAL) expect(parseSimpleXml(xml, DEPTH), xml).toBeNull();
    const deep = '<A>'.repeat(DEPTH + 1) + '</A>'.repeat(DEPTH + 1);
    expect(parseSimpleXml(deep, DEPTH)).toBeNull();
    expect(parseSimpleXml('<A>'.repeat(DEPTH) + '</A>'.repeat(DEPTH), DEPTH)).not.toBeNull();
  });

  it('leaves element names every object inherits (constructor, __proto__, toString...) to the general parser: it refuses the first two and renames the others', () => {
    const body = (name: string) =>
      `<?xml version="1.0"?><Query><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>34020000001320000001</DeviceID><${name}><Status>OK</Status></${name}></Query>`;
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) expect(parseSimpleXml(body(name), 8), name).toBeNull();
    for (const name of ['constructor', '__proto__']) expect(() => parseGeneralXml(body(name), 8), name).toThrow();
    for (const name of ['toString', 'hasOwnProperty', 'valueOf']) {
      const query = parseGeneralXml(body(name), 8).Query as Record<string, unknown>;
      expect(Object.hasOwn(query, name), name).toBe(false);
      expect(Object.getPrototypeOf(query), name).toBe(Object.prototype);
    }
  });

  it('decodeBody answers the same through either path (a mis-cased close tag goes the general way)', () => {
    const fast = decodeBody(Buffer.from(BODIES[2]));
    const general = decodeBody(Buffer.from(BODIES[2].replace('</Name>\n<Port>', '</name>\n<Port>')));
    expect(fast.ok && general.ok).toBe(true);
    expect(JSON.stringify(general)).toBe(JSON.stringify(fast));
  });

  const name = fc.constantFrom('Item', 'item', 'DeviceID', 'Name', 'Info', 'A', 'b', 'DeviceList', 'Status');
  const text = fc.stringMatching(/^[ a-z0-9\u4e2d\u6587&;#<>'"\r\n\t]{0,12}$/);
  const element: fc.Memo<string> = fc.memo((n) =>
    fc
      .tuple(name, fc.array(fc.tuple(name, text, fc.constantFrom('"', "'")), { maxLength: 2 }), n <= 1 ? fc.constant([]) : fc.array(element(n - 1), { maxLength: 3 }), text, fc.boolean())
      .map(([tag, attrs, kids, t, selfClose]) => {
        const a = attrs.map(([k, v, q]) => ` ${k}=${q}${v}${q}`).join('');
        if (selfClose && kids.length === 0) return `<${tag}${a}/>`;
        return `<${tag}${a}>${kids.length ? kids.join(t.trim() ? '' : t) : t}</${tag}>`;
      }),
  );

  it('on generated trees: either the same as the general parser, or left to it', () => {
    fc.assert(
      fc.property(element(4), (xml) => {
        sameAsGeneral(`<?xml version="1.0"?>\n<Response>${xml}</Response>`);
      }),
      { numRuns: 3000, seed: 20261205 },
    );
  });

  it('on damaged bodies: never accepts what the validator rejects, and never differs', () => {
    const damage = fc.tuple(fc.constantFrom(...BODIES), fc.nat(), fc.nat(), fc.constantFrom('', '<', '>', '/', '&', '"', "'", '=', ' ', 'x', '</A>', '<A>', '&amp;', '<!--', '?>'));
    let accepted = 0;
    fc.assert(
      fc.property(damage, ([body, at, len, insert]) => {
        const i = at % body.length;
        const xml = body.slice(0, i) + insert + body.slice(Math.min(body.length, i + (len % 4)));
        if (sameAsGeneral(xml)) accepted++;
      }),
      { numRuns: 5000, seed: 20261205 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
