// GB28181 exchanges as the tap reports them, for the signalling log's tests and bench/log.bench.ts.
import iconv from 'iconv-lite';
import type { SignallingRecord } from '../../../sip/tap/index';

export const SERVER_ID = '34020000002000000001';
export const DEVICE_ID = '34020000001320000001';
export const CHANNEL_ID = '34020000001310000001';
export const SERVER = { address: '10.0.0.1', port: 5060 };
export const DEVICE = { address: '192.168.1.64', port: 5060 };

const crlf = (lines: string[]): string => lines.join('\r\n');

export function record(
  raw: string | Buffer,
  direction: 'in' | 'out',
  timeMs: number,
  opts: { transport?: 'UDP' | 'TCP'; device?: { address: string; port: number } } = {},
): SignallingRecord {
  return {
    direction,
    transport: opts.transport ?? 'UDP',
    local: { ...SERVER },
    peer: { ...(opts.device ?? DEVICE) },
    timeMs,
    raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'),
  };
}

function headers(lines: string[], body: Buffer | string = ''): Buffer {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(crlf([...lines, `Content-Length: ${b.length}`, '', '']), 'utf8'), b]);
}

export function register(deviceId = DEVICE_ID, callId = 'reg-1@192.168.1.64', cseq = 1, auth = false): Buffer {
  return headers([
    `REGISTER sip:${SERVER_ID}@3402000000 SIP/2.0`,
    'Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK1730541952',
    `From: <sip:${deviceId}@3402000000>;tag=1529823870`,
    `To: <sip:${deviceId}@3402000000>`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${deviceId}@192.168.1.64:5060>`,
    ...(auth
      ? [`Authorization: Digest username="${deviceId}", realm="3402000000", nonce="abc", uri="sip:${SERVER_ID}@3402000000", response="0b1c4cc4dd0d8f3d7e2d8f6f9c4bb6f1", algorithm=MD5`]
      : []),
    'Max-Forwards: 70',
    'User-Agent: IP Camera',
    'Expires: 3600',
  ]);
}

export function response(status: number, reason: string, method: string, cseq: number, callId: string, fromUser: string, toUser: string, extra: string[] = [], body: Buffer | string = ''): Buffer {
  return headers(
    [
      `SIP/2.0 ${status} ${reason}`,
      'Via: SIP/2.0/UDP 192.168.1.64:5060;rport=5060;branch=z9hG4bK1730541952;received=192.168.1.64',
      `From: <sip:${fromUser}@3402000000>;tag=1529823870`,
      `To: <sip:${toUser}@3402000000>;tag=srv42`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      ...extra,
    ],
    body,
  );
}

export function unauthorized(deviceId = DEVICE_ID, callId = 'reg-1@192.168.1.64'): Buffer {
  return response(401, 'Unauthorized', 'REGISTER', 1, callId, deviceId, deviceId, [
    'WWW-Authenticate: Digest realm="3402000000", nonce="abc", algorithm=MD5',
  ]);
}

/** A device's MESSAGE to the server (Keepalive, Catalog response, MediaStatus...). */
export function deviceMessage(xml: Buffer | string, callId: string, deviceId = DEVICE_ID, cseq = 20): Buffer {
  return headers(
    [
      `MESSAGE sip:${SERVER_ID}@3402000000 SIP/2.0`,
      'Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK' + callId.length + cseq,
      `From: <sip:${deviceId}@3402000000>;tag=dev${cseq}`,
      `To: <sip:${SERVER_ID}@3402000000>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} MESSAGE`,
      'Content-Type: Application/MANSCDP+xml',
      'Max-Forwards: 70',
    ],
    xml,
  );
}

/** The server's MESSAGE to a device (queries). */
export function serverMessage(xml: string, callId: string, deviceId = DEVICE_ID, cseq = 1): Buffer {
  return headers(
    [
      `MESSAGE sip:${deviceId}@3402000000 SIP/2.0`,
      'Via: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKsrv' + cseq,
      `From: <sip:${SERVER_ID}@3402000000>;tag=srv${cseq}`,
      `To: <sip:${deviceId}@3402000000>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} MESSAGE`,
      'Content-Type: Application/MANSCDP+xml',
      'Max-Forwards: 70',
    ],
    xml,
  );
}

export function keepaliveXml(sn: number, deviceId = DEVICE_ID): string {
  return `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n`;
}

export function catalogQueryXml(sn: number, deviceId = DEVICE_ID): string {
  return `<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n</Query>\r\n`;
}

export const CHANNEL_NAMES = ['大门口球机', '停车场枪机'];

/** A Catalog response body encoded in GB2312, as GB/T 28181-2016 devices send it. */
export function catalogResponseGb2312(sn: number, deviceId = DEVICE_ID): Buffer {
  const items = CHANNEL_NAMES.map(
    (name, i) =>
      `<Item><DeviceID>3402000000131000000${i + 1}</DeviceID><Name>${name}</Name><Manufacturer>Hikvision</Manufacturer><Status>ON</Status></Item>`,
  ).join('');
  const xml = `<?xml version="1.0" encoding="GB2312"?><Response><CmdType>Catalog</CmdType><SN>${sn}</SN><DeviceID>${deviceId}</DeviceID><SumNum>2</SumNum><DeviceList Num="2">${items}</DeviceList></Response>`;
  return iconv.encode(xml, 'gb2312');
}

export function mediaStatusXml(sn: number, deviceId = DEVICE_ID): string {
  return `<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>MediaStatus</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n<NotifyType>121</NotifyType>\r\n</Notify>\r\n`;
}

export const OFFER_SDP = crlf([
  'v=0',
  `o=${CHANNEL_ID} 0 0 IN IP4 10.0.0.1`,
  's=Play',
  'c=IN IP4 10.0.0.1',
  't=0 0',
  'm=video 30000 RTP/AVP 96 97 98',
  'a=recvonly',
  'a=rtpmap:96 PS/90000',
  'y=0100000001',
  '',
]);

export const ANSWER_SDP = crlf([
  'v=0',
  `o=${CHANNEL_ID} 0 0 IN IP4 192.168.1.64`,
  's=Play',
  'c=IN IP4 192.168.1.64',
  't=0 0',
  'm=video 15060 RTP/AVP 96',
  'a=sendonly',
  'a=rtpmap:96 PS/90000',
  'y=0100000001',
  'f=',
  '',
]);

export function invite(callId: string, channelId = CHANNEL_ID): Buffer {
  return headers(
    [
      `INVITE sip:${channelId}@3402000000 SIP/2.0`,
      'Via: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKinv1',
      `From: <sip:${SERVER_ID}@3402000000>;tag=inv1`,
      `To: <sip:${channelId}@3402000000>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:${SERVER_ID}@10.0.0.1:5060>`,
      `Subject: ${channelId}:0100000001,${SERVER_ID}:0`,
      'Content-Type: APPLICATION/SDP',
      'Max-Forwards: 70',
    ],
    OFFER_SDP,
  );
}

export function inviteOk(callId: string, channelId = CHANNEL_ID): Buffer {
  return response(200, 'OK', 'INVITE', 1, callId, SERVER_ID, channelId, ['Content-Type: application/sdp', `Contact: <sip:${channelId}@192.168.1.64:5060>`], ANSWER_SDP);
}

export function inDialog(method: 'ACK' | 'BYE' | 'INFO', callId: string, cseq: number, channelId = CHANNEL_ID): Buffer {
  return headers([
    `${method} sip:${channelId}@192.168.1.64:5060 SIP/2.0`,
    'Via: SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK' + method + cseq,
    `From: <sip:${SERVER_ID}@3402000000>;tag=inv1`,
    `To: <sip:${channelId}@3402000000>;tag=srv42`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    'Max-Forwards: 70',
  ]);
}
