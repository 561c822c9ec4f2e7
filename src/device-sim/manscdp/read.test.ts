import { describe, expect, it } from 'vitest';
import { encodeDoc as serverEncode } from '../../main/gb28181/manscdp/codec';
import { buildCatalogQuery } from '../../main/gb28181/manscdp/messages/catalog';
import { buildQuery } from '../../main/gb28181/manscdp/messages/common';
import { buildConfigDownloadQuery } from '../../main/gb28181/manscdp/messages/config';
import { decodeBody } from './charset';
import { parseXml, readFlat, readManscdp } from './read';

const DECL = '<?xml version="1.0" encoding="GB2312"?>\r\n';

/** What the general reader makes of `xml`, or its error. */
function general(xml: string): string {
  try {
    return JSON.stringify(parseXml(xml));
  } catch (err) {
    return `error ${(err as Error).message}`;
  }
}

const variants = [
  `${DECL}<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>7</SN>\r\n<DeviceID>34020000001320000001</DeviceID>\r\n</Query>\r\n`,
  `<?xml version="1.0" encoding="UTF-8"?><Query><CmdType>DeviceInfo</CmdType><SN>1</SN><DeviceID>1</DeviceID></Query>`,
  `${DECL}<QUERY>\n\t<cmdtype>Catalog</cmdtype> <sn>5</sn><Name>停车场东 二号</Name></QUERY>\n\n`,
  `${DECL}<Query><CmdType>Catalog</CmdType><SN>7</SN><StartTime>2026-01-01T00:00:00</StartTime><EndTime>2026-01-02T00:00:00</EndTime></Query>`,
  `${DECL}<Query><Text>a "quoted" 'single' ]] text</Text><X>in\u00a0between</X></Query>`,
  `${DECL}<Query><Text>\u0001\u007f</Text></Query>`,
  // left to the general reader: each differs from a flat document in one way
  `${DECL}<Query><CmdType>Catalog</CmdType><SN>7</SN><SN>8</SN></Query>`,
  `${DECL}<Query><CmdType>Catalog</CmdType><SN></SN></Query>`,
  `${DECL}<Query><CmdType>Catalog</CmdType><SN/></Query>`,
  `${DECL}<Query><CmdType> Catalog </CmdType></Query>`,
  `${DECL}<Query><CmdType>\u00a0Catalog\u00a0</CmdType></Query>`,
  `${DECL}<Query><CmdType>A &amp; B</CmdType></Query>`,
  `${DECL}<Query><CmdType>A > B</CmdType></Query>`,
  `${DECL}<Query Num="1"><CmdType>Catalog</CmdType></Query>`,
  `${DECL}<Query><Info><PTZType>1</PTZType></Info></Query>`,
  `${DECL}<Query></Query>`,
  `${DECL}<Query><CmdType>Catalog</CmdType></Query>trailing`,
  `${DECL}<Query><CmdType>Catalog</CmdType></QUERY>`,
  `${DECL}<Query><CmdType>Catalog</CmdType></cmdtype></Query>`,
  `${DECL}<Query><CmdType>Catalog</CmdType>`,
  `${DECL}<Query><!-- c --><CmdType>Catalog</CmdType></Query>`,
  `${DECL}<Query><toString>1</toString></Query>`,
  `${DECL}<Query><Constructor>1</Constructor></Query>`,
  `${DECL}<Query><__proto__>1</__proto__></Query>`,
  `${DECL}<constructor><CmdType>Catalog</CmdType></constructor>`,
  `<?xml version="1.0" encoding="GB2312" standalone="yes"?><Query><CmdType>Catalog</CmdType></Query>`,
  `<?xml version='1.0' encoding='GB2312'?><Query><CmdType>Catalog</CmdType></Query>`,
  `<Query><CmdType>Catalog</CmdType></Query>`,
  `\ufeff${DECL}<Query><CmdType>Catalog</CmdType></Query>`,
  `${DECL}\u00a0<Query><CmdType>Catalog</CmdType></Query>`,
  `${DECL}<Query><CmdType>Catalog</CmdType>\u2028</Query>`,
  `${DECL}<Query><CmdType>Catalog</CmdType><Ns:X>1</Ns:X></Query>`,
];

describe('reading flat documents', () => {
  it('gives what the general reader gives, for the documents it takes', () => {
    let taken = 0;
    for (const xml of variants) {
      const flat = readFlat(xml);
      if (flat === undefined) continue;
      taken++;
      expect(JSON.stringify(flat), xml).toBe(general(xml));
    }
    expect(taken).toBe(6);
  });

  it('takes the platform queries of a registration storm', () => {
    const queries = [
      buildQuery('DeviceInfo', 1, '34020000001320000001'),
      buildCatalogQuery({ sn: 2, deviceId: '34020000001320000001' }),
      buildConfigDownloadQuery({ sn: 3, deviceId: '34020000001320000001', configTypes: ['BasicParam'] }),
    ];
    for (const q of queries) {
      const xml = decodeBody(serverEncode(q));
      expect(readFlat(xml), xml).toBeDefined();
      expect(JSON.stringify(readFlat(xml))).toBe(general(xml));
    }
  });

  it('reads every variant as the general reader alone did: same message or same refusal', () => {
    for (const xml of variants) {
      const r = readManscdp(Buffer.from(xml, 'utf8'));
      let doc: unknown;
      try {
        doc = parseXml(xml);
      } catch (err) {
        expect(r, xml).toEqual({ ok: false, reason: `unreadable XML: ${(err as Error).message.split('\n')[0]}` });
        continue;
      }
      if (r.ok) expect(Object.values(doc as object)).toContainEqual(r.message.body);
      else expect(r.reason, xml).toMatch(/without CmdType|no Query/);
    }
  });
});
