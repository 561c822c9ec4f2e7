import { describe, expect, it } from 'vitest';
import {
  answerSetupFor,
  buildAnswer,
  buildInviteOffer,
  parseFLine,
  parseInviteOffer,
  parseSdpAnswer,
  platformTcpMode,
  type GbSdp,
} from './index';

const SERVER = '34020000002000000001';
const CHANNEL = '34020000001320000001';

function ok(r: ReturnType<typeof parseSdpAnswer>): GbSdp {
  if (!r.ok) throw new Error(r.reason);
  return r.sdp;
}

describe('INVITE offer', () => {
  it('live over UDP has the GB lines in the expected form', () => {
    const text = buildInviteOffer({
      sessionName: 'Play',
      ownerId: SERVER,
      ip: '10.0.0.5',
      port: 30012,
      transport: 'udp',
      ssrc: '0200000001',
      channelId: CHANNEL,
    });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('v=0');
    expect(lines).toContain(`o=${SERVER} 0 0 IN IP4 10.0.0.5`);
    expect(lines).toContain('s=Play');
    expect(lines).toContain('c=IN IP4 10.0.0.5');
    expect(lines).toContain('t=0 0');
    expect(lines).toContain('m=video 30012 RTP/AVP 96 97 98');
    expect(lines).toContain('a=recvonly');
    expect(lines).toContain('a=rtpmap:96 PS/90000');
    expect(lines).toContain('a=rtpmap:97 MPEG4/90000');
    expect(lines).toContain('a=rtpmap:98 H264/90000');
    expect(lines).toContain('y=0200000001');
    expect(lines.some((l) => l.startsWith('u='))).toBe(false);
    expect(lines.some((l) => l.startsWith('a=setup'))).toBe(false);
    expect(text.endsWith('\r\n')).toBe(true);
    // the m= section precedes y=
    expect(lines.indexOf('y=0200000001')).toBeGreaterThan(lines.indexOf('m=video 30012 RTP/AVP 96 97 98'));
  });

  it('TCP passive / active set a=setup and a=connection:new', () => {
    const base = { sessionName: 'Play' as const, ownerId: SERVER, ip: '10.0.0.5', port: 30014, ssrc: '0200000002', channelId: CHANNEL };
    const passive = buildInviteOffer({ ...base, transport: 'tcp-passive' });
    expect(passive).toContain('m=video 30014 TCP/RTP/AVP 96 97 98');
    expect(passive).toContain('a=setup:passive');
    expect(passive).toContain('a=connection:new');
    expect(buildInviteOffer({ ...base, transport: 'tcp-active' })).toContain('a=setup:active');
  });

  it('playback carries u= and t= in Unix seconds; download adds downloadspeed', () => {
    const start = new Date(Date.UTC(2024, 7, 20, 0, 0, 0));
    const text = buildInviteOffer({
      sessionName: 'Download',
      ownerId: SERVER,
      ip: '10.0.0.5',
      port: 30016,
      transport: 'udp',
      ssrc: '1200000003',
      channelId: CHANNEL,
      startTime: start,
      endTime: 1724115600,
      downloadSpeed: 4,
    });
    expect(text).toContain('s=Download');
    expect(text).toContain(`u=${CHANNEL}:0`);
    expect(text).toContain('t=1724112000 1724115600');
    expect(text).toContain('a=downloadspeed:4');
    expect(() =>
      buildInviteOffer({ sessionName: 'Playback', ownerId: SERVER, ip: '1.1.1.1', port: 1, transport: 'udp', ssrc: '1', channelId: CHANNEL }),
    ).toThrow(/startTime/);
  });

  it('the device parses our offer back', () => {
    const text = buildInviteOffer({
      sessionName: 'Playback',
      ownerId: SERVER,
      ip: '10.0.0.5',
      port: 30018,
      transport: 'tcp-passive',
      ssrc: '1200000004',
      channelId: CHANNEL,
      startTime: 1724112000,
      endTime: 1724115600,
    });
    const offer = ok(parseInviteOffer(text));
    expect(offer).toMatchObject({
      sessionName: 'Playback',
      ownerId: SERVER,
      ip: '10.0.0.5',
      port: 30018,
      transport: 'tcp',
      setup: 'passive',
      connectionNew: true,
      ssrc: '1200000004',
      ssrcValue: 1200000004,
      direction: 'recvonly',
      startTime: 1724112000,
      endTime: 1724115600,
      uri: `${CHANNEL}:0`,
    });
    expect(offer.payloads.map((p) => `${p.pt}/${p.codec}`)).toEqual(['96/PS', '97/MPEG4', '98/H264']);
    expect(answerSetupFor(offer.setup)).toBe('active');
    expect(answerSetupFor('active')).toBe('passive');
  });
});

describe('device answer', () => {
  it('round-trips through the platform parser', () => {
    const text = buildAnswer({
      sessionName: 'Download',
      ownerId: CHANNEL,
      ip: '10.0.0.7',
      port: 15060,
      transport: 'tcp',
      setup: 'active',
      ssrc: '1200000004',
      filesize: 123456789,
      startTime: 1724112000,
      endTime: 1724115600,
    });
    const a = ok(parseSdpAnswer(text));
    expect(a).toMatchObject({
      ip: '10.0.0.7',
      port: 15060,
      transport: 'tcp',
      setup: 'active',
      ssrc: '1200000004',
      direction: 'sendonly',
      filesize: 123456789,
      payloads: [{ pt: 96, codec: 'PS', rate: 90000 }],
    });
    expect(platformTcpMode(a)).toBe('tcp-passive');
  });

  it('leading-zero SSRC stays a string; omitted y= gives no ssrc', () => {
    const a = ok(parseSdpAnswer(buildAnswer({ sessionName: 'Play', ownerId: CHANNEL, ip: '1.2.3.4', port: 9, transport: 'udp', ssrc: '0000000123' })));
    expect(a.ssrc).toBe('0000000123');
    expect(a.ssrcValue).toBe(123);
    const b = ok(parseSdpAnswer(buildAnswer({ sessionName: 'Play', ownerId: CHANNEL, ip: '1.2.3.4', port: 9, transport: 'udp' })));
    expect(b.ssrc).toBeUndefined();
  });
});

describe('answers seen on real devices (docs/protocol.md §14)', () => {
  it('sendonly, f= line, streamMode, no y=, media-level c= only, LF line ends', () => {
    const text = [
      'v=0',
      `o=${CHANNEL} 0 0 IN IP4 192.168.1.64`,
      's=Play',
      't=0 0',
      'm=video 15060 RTP/AVP 96',
      'c=IN IP4 192.168.1.64',
      'a=sendonly',
      'a=rtpmap:96 PS/90000',
      'a=streamMode:MAIN',
      'f=v/2/4/25/1/4096a///',
      '',
    ].join('\n');
    const a = ok(parseSdpAnswer(text));
    expect(a).toMatchObject({ ip: '192.168.1.64', port: 15060, transport: 'udp', direction: 'sendonly', streamMode: 'MAIN' });
    expect(a.ssrc).toBeUndefined();
    expect(a.fLine).toBe('v/2/4/25/1/4096a///');
    expect(parseFLine(a.fLine!)).toEqual({
      video: { codec: '2', resolution: '4', fps: '25', rateControl: '1', kbps: '4096' },
      audio: { codec: undefined, kbps: undefined, sampleRate: undefined },
    });
  });

  it('no c= at all falls back to the o= address; y= before m=; Hikvision-style TCP answer', () => {
    const text = [
      'v=0',
      `o=${CHANNEL} 0 0 IN IP4 10.1.1.9`,
      's=Play',
      'y=0200000009',
      't=0 0',
      'm=video 0 TCP/RTP/AVP 96',
      'a=rtpmap:96 PS/90000',
      'a=setup:ACTIVE',
      'a=connection:new',
    ].join('\r\n');
    const a = ok(parseSdpAnswer(text));
    expect(a).toMatchObject({ ip: '10.1.1.9', port: 0, transport: 'tcp', setup: 'active', ssrc: '0200000009' });
    expect(platformTcpMode(a)).toBe('tcp-passive');
  });

  it('a different SSRC in y= and H264 raw payload are reported as sent', () => {
    const text = 'v=0\r\no=x 0 0 IN IP4 1.1.1.1\r\ns=Play\r\nc=IN IP4 1.1.1.1\r\nt=0 0\r\nm=video 5000 RTP/AVP 98\r\na=rtpmap:98 H264/90000\r\ny=12345678\r\n';
    expect(ok(parseSdpAnswer(text))).toMatchObject({ ssrc: '12345678', payloads: [{ pt: 98, codec: 'H264' }] });
  });

  it('unreadable bodies give reasons, never throw', () => {
    expect(parseSdpAnswer('')).toMatchObject({ ok: false, reason: expect.stringContaining('v=') });
    expect(parseSdpAnswer('v=0\r\ns=Play\r\n')).toMatchObject({ ok: false, reason: 'SDP has no m= line' });
    expect(parseSdpAnswer('v=0\r\ns=Play\r\nm=video 5000 RTP/AVP 96\r\n')).toMatchObject({ ok: false, reason: expect.stringContaining('no c=') });
  });
});
