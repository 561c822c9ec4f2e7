import { describe, expect, it } from 'vitest';
import { getHeader } from '../../sip/message';
import { SipStack } from '../../sip/stack/stack';
import { InMemoryNetwork } from '../../sip/transport/memory';
import { parseInviteOffer } from '../sdp';
import { buildLiveInvite, liveOffer, liveSubject } from './live-invite';

const SERVER = '34020000002000000001';
const CHANNEL = '34020000001320000001';

function stack() {
  const net = new InMemoryNetwork();
  return new SipStack({ transports: [net.transport('UDP', { address: '10.0.0.1', port: 5060 })] });
}

describe('live INVITE', () => {
  it('offers s=Play, our media address, PS/MPEG4/H264, recvonly and the y= SSRC over UDP', () => {
    const text = liveOffer({ serverId: SERVER, mediaIp: '10.0.0.5', mediaPort: 30012, transport: 'udp', ssrc: '0200000001', channelId: CHANNEL });
    expect(text).toMatch(/^v=0\r\n/);
    expect(text).toContain(`o=${SERVER} 0 0 IN IP4 10.0.0.5\r\n`);
    expect(text).toContain('s=Play\r\n');
    expect(text).toContain('c=IN IP4 10.0.0.5\r\n');
    expect(text).toContain('t=0 0\r\n');
    expect(text).toContain('m=video 30012 RTP/AVP 96 97 98\r\n');
    expect(text).toContain('a=rtpmap:96 PS/90000\r\n');
    expect(text).toContain('a=rtpmap:97 MPEG4/90000\r\n');
    expect(text).toContain('a=rtpmap:98 H264/90000\r\n');
    expect(text).toContain('a=recvonly\r\n');
    expect(text).toMatch(/y=0200000001\r\n$/);
    expect(text).not.toContain('a=setup');
    expect(text).not.toMatch(/^u=/m);
  });

  it('offers TCP/RTP/AVP with a=setup:passive (we listen) or active (we connect) and a=connection:new', () => {
    const passive = liveOffer({ serverId: SERVER, mediaIp: '10.0.0.5', mediaPort: 30014, transport: 'tcp-passive', ssrc: '0200000002', channelId: CHANNEL });
    expect(passive).toContain('m=video 30014 TCP/RTP/AVP 96 97 98\r\n');
    expect(passive).toContain('a=setup:passive\r\n');
    expect(passive).toContain('a=connection:new\r\n');
    const active = liveOffer({ serverId: SERVER, mediaIp: '10.0.0.5', mediaPort: 30016, transport: 'tcp-active', ssrc: '0200000003', channelId: CHANNEL });
    expect(active).toContain('a=setup:active\r\n');
    const read = parseInviteOffer(active);
    expect(read.ok && read.sdp).toMatchObject({ transport: 'tcp', setup: 'active', ssrc: '0200000003', direction: 'recvonly', port: 30016 });
  });

  it('addresses the channel at the device address and carries the GB Subject', () => {
    const s = stack();
    const req = buildLiveInvite(s, {
      serverId: SERVER,
      domain: '3402000000',
      channelId: CHANNEL,
      dest: { transport: 'UDP', address: '10.0.0.7', port: 5062 },
      mediaIp: '10.0.0.5',
      mediaPort: 30012,
      transport: 'udp',
      ssrc: '0200000001',
    });
    expect(req.method).toBe('INVITE');
    expect(req.uri).toBe(`sip:${CHANNEL}@10.0.0.7:5062`);
    expect(getHeader(req, 'To')).toBe(`<sip:${CHANNEL}@10.0.0.7:5062>`);
    expect(getHeader(req, 'From')).toMatch(new RegExp(`^<sip:${SERVER}@3402000000>;tag=`));
    expect(getHeader(req, 'Subject')).toBe(`${CHANNEL}:0200000001,${SERVER}:0`);
    expect(getHeader(req, 'Content-Type')).toBe('application/sdp');
    expect(getHeader(req, 'Contact')).toBeTruthy();
    expect(req.body.toString()).toContain('y=0200000001');
    expect(liveSubject('a', 'b', 'c')).toBe('a:b,c:0');
  });
});
