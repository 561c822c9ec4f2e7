import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../../sip/message';
import type { SipResponse } from '../../sip/message/types';
import { buildAnswer } from '../sdp';
import { readLiveAnswer, type LiveAnswerContext } from './live-answer';

const CHANNEL = '34020000001320000001';
const CTX: LiveAnswerContext = { channelId: CHANNEL, transport: 'udp', offeredSsrc: '0200000001', deviceIp: '10.0.0.7' };

function ok(body: string, contentType: string | null = 'application/sdp'): SipResponse {
  const req = createRequest({
    method: 'INVITE',
    uri: `sip:${CHANNEL}@10.0.0.7:5060`,
    headers: [
      { name: 'Via', value: 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1' },
      { name: 'From', value: '<sip:34020000002000000001@3402000000>;tag=a' },
      { name: 'To', value: `<sip:${CHANNEL}@10.0.0.7:5060>` },
      { name: 'Call-ID', value: 'c1' },
      { name: 'CSeq', value: '1 INVITE' },
    ],
  });
  const headers = contentType ? [{ name: 'Content-Type', value: contentType }] : [];
  return createResponse(req, 200, 'OK', { toTag: 'b', headers, body: Buffer.from(body) });
}

const deviceSdp = (extra: Partial<Parameters<typeof buildAnswer>[0]> = {}) =>
  buildAnswer({ sessionName: 'Play', ownerId: CHANNEL, ip: '10.0.0.7', port: 15060, transport: 'udp', ssrc: '0200000001', ...extra });

describe('reading the device answer', () => {
  it('takes the address, port and SSRC of a textbook answer with no notes', () => {
    const r = readLiveAnswer(ok(deviceSdp()), CTX);
    expect(r.ok && r.answer).toMatchObject({ ip: '10.0.0.7', port: 15060, ssrc: '0200000001', notes: [] });
    expect(r.ok && r.answer.payloads[0]).toMatchObject({ pt: 96, codec: 'PS' });
  });

  it('accepts what devices send (docs/protocol.md §14): sendonly, f=, streamMode, no y=, no Content-Type, another c=', () => {
    const sdp = [
      'v=0',
      `o=${CHANNEL} 0 0 IN IP4 192.168.1.64`,
      's=Play',
      'c=IN IP4 192.168.1.64',
      't=0 0',
      'm=video 15060 RTP/AVP 96',
      'a=sendonly',
      'a=rtpmap:96 PS/90000',
      'a=streamMode:MAIN',
      'f=v/2/5/25/1/2048a///',
      '',
    ].join('\r\n');
    const r = readLiveAnswer(ok(sdp, null), CTX);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.answer.ip).toBe('192.168.1.64');
    expect(r.answer.ssrc).toBeUndefined();
    expect(r.answer.sdp.streamMode).toBe('MAIN');
    expect(r.answer.notes.map((n) => n.text)).toEqual([`camera ${CHANNEL} sent no y= SSRC in its answer; the SSRC its packets carry is used`]);
  });

  it('notes an SSRC of the device own and an answer in the other transport', () => {
    const r = readLiveAnswer(ok(deviceSdp({ ssrc: '0200009999', transport: 'tcp', setup: 'active' })), CTX);
    expect(r.ok && r.answer.notes.map((n) => n.text)).toEqual([
      `camera ${CHANNEL} answered TCP/RTP/AVP to our UDP offer; receiving over UDP as offered (set the device to TCP if no video comes)`,
      `camera ${CHANNEL} answered with SSRC 0200009999 instead of the offered 0200000001`,
    ]);
  });

  it('falls back to the device address when c= is 0.0.0.0', () => {
    const r = readLiveAnswer(ok(deviceSdp({ ip: '0.0.0.0' })), CTX);
    expect(r.ok && r.answer.ip).toBe('10.0.0.7');
  });

  it('needs a port to connect to when we are the active TCP side', () => {
    const ctx: LiveAnswerContext = { ...CTX, transport: 'tcp-active' };
    const good = readLiveAnswer(ok(deviceSdp({ transport: 'tcp', setup: 'passive', port: 16000 })), ctx);
    expect(good.ok && good.answer).toMatchObject({ port: 16000, notes: [] });
    const bad = readLiveAnswer(ok(deviceSdp({ transport: 'tcp', setup: 'passive', port: 9 })), ctx);
    expect(bad).toMatchObject({ ok: false, reason: expect.stringMatching(/gives no port to connect to \(m= port 9\); try TCP passive or UDP/), said: { code: 'live.answer.noPort', params: { port: 9 } } });
  });

  it('notes a setup role that contradicts our offer', () => {
    const r = readLiveAnswer(ok(deviceSdp({ transport: 'tcp', setup: 'passive', port: 16000 })), { ...CTX, transport: 'tcp-passive' });
    expect(r.ok && r.answer.notes.map((n) => n.text)).toEqual([`camera ${CHANNEL} answered a=setup:passive, which does not fit our passive offer; keeping ours`]);
  });

  it('refuses an answer without usable SDP with a sentence', () => {
    expect(readLiveAnswer(ok(''), CTX)).toMatchObject({ ok: false, reason: `camera ${CHANNEL} accepted live view but sent no SDP in its answer, so where the video comes from is unknown`, said: { code: 'live.answer.noSdp' } });
    expect(readLiveAnswer(ok('hello', 'text/plain'), CTX)).toMatchObject({ ok: false, reason: `camera ${CHANNEL} answered with text/plain instead of SDP`, said: { code: 'live.answer.notSdp', params: { type: 'text/plain' } } });
    expect(readLiveAnswer(ok('v=0\r\ns=x\r\n'), CTX)).toMatchObject({ ok: false, reason: expect.stringMatching(/SDP answer is unreadable: SDP has no m= line/), said: { code: 'live.answer.unreadable' } });
  });
});
