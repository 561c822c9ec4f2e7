import { describe, expect, it } from 'vitest';
import { decodeBody, replyCharsetFor } from '../manscdp';
import { parseKeepalive } from '../manscdp/messages/keepalive';
import { readFastKeepalive } from './fast-keepalive';

const ID = '34020000001320000001';
const body = (s: string) => Buffer.from(s, 'latin1');

describe('readFastKeepalive', () => {
  const usual = [
    `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>43</SN>\r\n<DeviceID>${ID}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n`,
    `<?xml version="1.0" encoding="GB18030"?><Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>ERROR</Status></Notify>`,
    `<?xml version='1.0' encoding='UTF-8' ?>\n<Notify>\n  <CmdType>Keepalive</CmdType>\n  <SN>7</SN>\n  <DeviceID>${ID}</DeviceID>\n  <Status>OK</Status>\n</Notify>`,
    `<Notify><CmdType>Keepalive</CmdType><SN>9</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Notify>`,
  ];

  it('reads the usual shapes exactly as the codec does', () => {
    for (const text of usual) {
      const fast = readFastKeepalive(body(text));
      const full = decodeBody(body(text));
      expect(full.ok).toBe(true);
      if (!full.ok) continue;
      const k = parseKeepalive(full);
      expect(fast).toBeDefined();
      expect(fast!.deviceId).toBe(k.deviceId);
      expect(fast!.sn).toBe(k.sn);
      expect(fast!.status).toBe(k.status);
      expect(fast!.charset).toBe(full.declaredEncoding === undefined ? undefined : replyCharsetFor(full));
    }
  });

  it('leaves everything else to the codec', () => {
    const others = [
      `<?xml version="1.0" encoding="GB2312"?><Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status><Info><DeviceID>${ID}</DeviceID></Info></Notify>`,
      `<Notify><CmdType>keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Notify>`,
      `<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Notify>\0\0`,
      `<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>Ok</Status></Notify>`,
      `<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID></Notify>`,
      `<Notify><!-- x --><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Notify>`,
      `<?xml version="1.0" encoding="ISO-8859-1"?><Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Notify>`,
      `<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>3402000000132000001</DeviceID><Status>OK</Status></Notify>`,
      `<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Notify><Notify/>`,
      `<Query><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>OK</Status></Query>`,
    ];
    for (const text of others) expect(readFastKeepalive(body(text)), text).toBeUndefined();
    expect(readFastKeepalive(Buffer.from(`<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>${ID}</DeviceID><Status>正常</Status></Notify>`))).toBeUndefined();
    expect(readFastKeepalive(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('readFastKeepalive without its byte scan', () => {
  // The rule before: every byte printable ASCII or control but NUL, then \s-based shape.
  const OLD_SHAPE =
    /^(?:<\?xml\s+version\s*=\s*["']1\.[01]["'](?:\s+encoding\s*=\s*["']([A-Za-z0-9._-]{1,20})["'])?\s*\?>)?\s*<Notify>\s*<CmdType>Keepalive<\/CmdType>\s*<SN>(\d{1,10})<\/SN>\s*<DeviceID>(\d{20})<\/DeviceID>\s*<Status>(OK|ERROR)<\/Status>\s*<\/Notify>\s*$/;
  function before(b: Buffer): string | undefined {
    if (b.length === 0 || b.length > 512) return undefined;
    for (const x of b) if (x >= 0x80 || x === 0) return undefined;
    const m = OLD_SHAPE.exec(b.toString('latin1'));
    return m ? JSON.stringify([m[1], m[2], m[3], m[4]]) : undefined;
  }
  function now(b: Buffer): string | undefined {
    const k = readFastKeepalive(b);
    if (k === undefined) return undefined;
    return JSON.stringify([k.charset === undefined ? undefined : 'x', k.sn, k.deviceId, k.status]);
  }

  it('accepts and refuses the same bodies as the byte scan and \\s shape did (white space of every kind, odd bytes)', () => {
    const spaces = [' ', '\t', '\r\n', '\n', '\v', '\f', '\xa0', '\x85', '\0', '\u3000', '\ufeff', ''];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    const pick = () => spaces[rnd(spaces.length)];
    let agreed = 0;
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const decl = rnd(3) === 0 ? '' : `<?xml${pick() || ' '}version="1.0"${rnd(2) ? ' encoding="GB2312"' : ''}${pick()}?>`;
      const text = `${decl}${pick()}<Notify>${pick()}<CmdType>Keepalive</CmdType>${pick()}<SN>${i}</SN>${pick()}<DeviceID>${ID}</DeviceID>${pick()}<Status>OK</Status>${pick()}</Notify>${pick()}`;
      for (const b of [Buffer.from(text, 'latin1'), Buffer.from(text, 'utf8')]) {
        const old = before(b);
        // the charset itself is compared by the codec test above; here only whether one was read
        expect(now(b) === undefined, text).toBe(old === undefined);
        if (old !== undefined) {
          const o = JSON.parse(old) as unknown[];
          expect(JSON.parse(now(b)!)).toEqual([o[0] === undefined || o[0] === null ? null : 'x', o[1], o[2], o[3]]);
          agreed++;
        } else refused++;
      }
    }
    expect(agreed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });
});
