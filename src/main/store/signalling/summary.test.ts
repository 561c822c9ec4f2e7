import { describe, expect, it } from 'vitest';
import { scanSip } from './scan';
import { deviceIdOf, summarize } from './summary';
import {
  CHANNEL_ID,
  DEVICE_ID,
  SERVER_ID,
  catalogQueryXml,
  catalogResponseGb2312,
  deviceMessage,
  invite,
  inviteOk,
  keepaliveXml,
  record,
  register,
  response,
  serverMessage,
  unauthorized,
} from './testing/messages';

const T = 1_724_112_000_000;

describe('summarize', () => {
  it('reads a REGISTER from a device', () => {
    const s = summarize(record(register(), 'in', T));
    expect(s).toMatchObject({
      time: T,
      direction: 'in',
      transport: 'UDP',
      localAddr: '10.0.0.1:5060',
      peerAddr: '192.168.1.64:5060',
      method: 'REGISTER',
      status: null,
      statusClass: 0,
      reason: null,
      callId: 'reg-1@192.168.1.64',
      cseq: '1 REGISTER',
      fromUser: DEVICE_ID,
      toUser: DEVICE_ID,
      deviceId: DEVICE_ID,
      cmdType: null,
      sn: null,
    });
    expect(s.size).toBe(register().length);
  });

  it('reads our 401 with the CSeq method and the device as the To side', () => {
    const s = summarize(record(unauthorized(), 'out', T));
    expect(s).toMatchObject({ method: 'REGISTER', status: 401, statusClass: 4, reason: 'Unauthorized', cseq: '1 REGISTER', deviceId: DEVICE_ID });
  });

  it('reads a Keepalive MESSAGE with its CmdType and SN', () => {
    const s = summarize(record(deviceMessage(keepaliveXml(77), 'ka-1'), 'in', T));
    expect(s).toMatchObject({ method: 'MESSAGE', cmdType: 'Keepalive', sn: '77', deviceId: DEVICE_ID, toUser: SERVER_ID });
  });

  it('reads a Catalog response whose body is GB2312', () => {
    const s = summarize(record(deviceMessage(catalogResponseGb2312(9), 'cat-resp-1'), 'in', T));
    expect(s).toMatchObject({ method: 'MESSAGE', cmdType: 'Catalog', sn: '9', deviceId: DEVICE_ID });
  });

  it('takes the device from To for a query we send and from From for its 200 OK', () => {
    expect(summarize(record(serverMessage(catalogQueryXml(3), 'cat-1'), 'out', T))).toMatchObject({ deviceId: DEVICE_ID, cmdType: 'Catalog', sn: '3' });
    const ok = response(200, 'OK', 'MESSAGE', 1, 'cat-1', SERVER_ID, DEVICE_ID);
    expect(summarize(record(ok, 'in', T))).toMatchObject({ deviceId: DEVICE_ID, status: 200, statusClass: 2, method: 'MESSAGE', cmdType: null });
  });

  it('reads an INVITE to a channel and the 200 OK with SDP', () => {
    expect(summarize(record(invite('inv-1'), 'out', T))).toMatchObject({ method: 'INVITE', deviceId: CHANNEL_ID, callId: 'inv-1', cseq: '1 INVITE' });
    expect(summarize(record(inviteOk('inv-1'), 'in', T))).toMatchObject({ method: 'INVITE', status: 200, reason: 'OK', deviceId: CHANNEL_ID, cmdType: null });
  });

  it('keeps what it can of a message the strict parser would refuse', () => {
    const raw = 'MESSAGE sip:x@y SIP/2.0\r\ni: odd-call\r\nf: <sip:34020000001320000009@3402000000>\r\nl: 0\r\n\r\n';
    expect(summarize(record(raw, 'in', T))).toMatchObject({ method: 'MESSAGE', callId: 'odd-call', deviceId: '34020000001320000009', cseq: null, toUser: null });
    const garbage = summarize(record('\x16\x03\x01 TLS hello', 'in', T));
    expect(garbage).toMatchObject({ method: null, status: null, statusClass: null, callId: null, deviceId: null });
  });

  it('canonicalises CmdType case and ignores bodies that are not XML', () => {
    const xml = '<?xml version="1.0"?><Notify><cmdtype>keepalive</cmdtype><sn>5</sn></Notify>';
    expect(summarize(record(deviceMessage(xml, 'c'), 'in', T))).toMatchObject({ cmdType: 'Keepalive', sn: '5' });
    const sdp = invite('x').toString().replace('APPLICATION/SDP', 'application/sdp') + '<CmdType>Catalog</CmdType>';
    expect(summarize(record(sdp, 'out', T)).cmdType).toBeNull();
  });

  it('counts only 20-digit IDs as device IDs', () => {
    expect(deviceIdOf('in', { kind: 'request', fromUser: 'admin', toUser: SERVER_ID })).toBeNull();
    expect(deviceIdOf('out', { kind: 'response', fromUser: DEVICE_ID, toUser: SERVER_ID })).toBe(DEVICE_ID);
    expect(deviceIdOf('in', { kind: 'other', fromUser: DEVICE_ID, toUser: DEVICE_ID })).toBeNull();
  });
});

describe('scanSip', () => {
  it('unfolds continuation lines, honours compact names and Content-Length', () => {
    const raw = Buffer.from('SIP/2.0 200 OK\r\nCall-ID: abc\r\n def\r\nc: text/plain\r\nContent-Length: 2\r\n\r\nhiEXTRA');
    const s = scanSip(raw);
    expect(s.callId).toBe('abc def');
    expect(s.contentType).toBe('text/plain');
    expect(raw.subarray(s.bodyStart, s.bodyEnd).toString()).toBe('hi');
  });

  it('accepts bare LF line ends', () => {
    const s = scanSip(Buffer.from('BYE sip:a@b SIP/2.0\nCall-ID: lf\nCSeq: 3 BYE\n\n'));
    expect(s).toMatchObject({ kind: 'request', method: 'BYE', callId: 'lf', cseq: '3 BYE' });
  });
});
