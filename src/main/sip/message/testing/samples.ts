// Typical GB28181 messages, used by the tests and by bench/sip.bench.ts. Not used at run time.
import iconv from 'iconv-lite';

const crlf = (lines: string[]): string => lines.join('\r\n');

export const DEVICE_ID = '34020000001320000001';
export const SERVER_ID = '34020000002000000001';

/** An authenticated REGISTER as a Hikvision-style IPC sends it (after the 401). */
export const REGISTER_WITH_AUTH = crlf([
  `REGISTER sip:${SERVER_ID}@3402000000 SIP/2.0`,
  'Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK1730541952',
  `From: <sip:${DEVICE_ID}@3402000000>;tag=1529823870`,
  `To: <sip:${DEVICE_ID}@3402000000>`,
  'Call-ID: 1984471930',
  'CSeq: 2 REGISTER',
  `Contact: <sip:${DEVICE_ID}@192.168.1.64:5060>`,
  `Authorization: Digest username="${DEVICE_ID}", realm="3402000000", nonce="9bd055a1cd9e4a1b83a0a5a3f4d1d2e1", uri="sip:${SERVER_ID}@3402000000", response="0b1c4cc4dd0d8f3d7e2d8f6f9c4bb6f1", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"`,
  'Max-Forwards: 70',
  'User-Agent: IP Camera',
  'Expires: 3600',
  'X-GB-Ver: 3.0',
  'Content-Length: 0',
  '',
  '',
]);

function catalogXml(items: number): string {
  const names = ['大门口球机', '停车场枪机', '一楼大厅', '二楼走廊', '仓库东侧', '办公室'];
  let xml =
    '<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SN>17</SN>\r\n' +
    `<DeviceID>${DEVICE_ID}</DeviceID>\r\n<SumNum>${items}</SumNum>\r\n<DeviceList Num="${items}">\r\n`;
  for (let i = 0; i < items; i++) {
    const id = '3402000000131000000' + (i + 1);
    xml +=
      `<Item>\r\n<DeviceID>${id}</DeviceID>\r\n<Name>${names[i % names.length]}</Name>\r\n` +
      '<Manufacturer>Hikvision</Manufacturer>\r\n<Model>IP Camera</Model>\r\n<Owner>Owner</Owner>\r\n' +
      '<CivilCode>3402000000</CivilCode>\r\n<Address>Address</Address>\r\n<Parental>0</Parental>\r\n' +
      `<ParentID>${DEVICE_ID}</ParentID>\r\n<SafetyWay>0</SafetyWay>\r\n<RegisterWay>1</RegisterWay>\r\n` +
      '<Secrecy>0</Secrecy>\r\n<Status>ON</Status>\r\n</Item>\r\n';
  }
  return xml + '</DeviceList>\r\n</Response>\r\n';
}

/** The Catalog response body (about 2 KB) in GB2312 bytes. */
export const CATALOG_BODY: Buffer = iconv.encode(catalogXml(5), 'gb2312');

function catalogHead(contentLength?: number): string {
  return crlf([
    `MESSAGE sip:${SERVER_ID}@3402000000 SIP/2.0`,
    'Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK2040395645',
    `From: <sip:${DEVICE_ID}@3402000000>;tag=1143362416`,
    `To: <sip:${SERVER_ID}@3402000000>`,
    'Call-ID: 362413813',
    'CSeq: 20 MESSAGE',
    'Content-Type: Application/MANSCDP+xml',
    'Max-Forwards: 70',
    'User-Agent: IP Camera',
    ...(contentLength === undefined ? [] : [`Content-Length: ${contentLength}`]),
    '',
    '',
  ]);
}

/** MESSAGE carrying a Catalog Response with GB2312 names. */
export const CATALOG_MESSAGE: Buffer = Buffer.concat([Buffer.from(catalogHead(CATALOG_BODY.length)), CATALOG_BODY]);

/** The same without Content-Length and with NUL padding after the XML, as some devices send over UDP. */
export const CATALOG_MESSAGE_NO_LENGTH: Buffer = Buffer.concat([
  Buffer.from(catalogHead()),
  CATALOG_BODY,
  Buffer.alloc(3),
]);
