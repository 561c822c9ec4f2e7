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
