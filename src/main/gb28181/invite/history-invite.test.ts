import { describe, expect, it } from 'vitest';
import { getHeader } from '../../sip/message';
import { SipStack } from '../../sip/stack/stack';
import { InMemoryNetwork } from '../../sip/transport/memory';
import { parseInviteOffer } from '../sdp';
import { buildHistoryInvite, historyOffer } from './history-invite';

const SERVER = '34020000002000000001';
const CHANNEL = '34020000001320000001';
const base = { serverId: SERVER, mediaIp: '10.0.0.5', mediaPort: 30012, transport: 'udp' as const, channelId: CHANNEL };

describe('Playback and Download INVITE', () => {
  it('offers s=Playback, u=<channel>:0, t=<start> <end> in Unix seconds and a history y=', () => {
    const text = historyOffer({ ...base, sessionName: 'Playback', ssrc: '1200000001', start: 1_724_112_000, end: 1_724_115_600 });
    expect(text).toContain('s=Playback\r\n');
    expect(text).toContain(`u=${CHANNEL}:0\r\n`);
    expect(text).toContain('t=1724112000 1724115600\r\n');
    expect(text).toMatch(/y=1200000001\r\n$/);
    expect(text).not.toContain('downloadspeed');
    const read = parseInviteOffer(text);
    expect(read.ok && read.sdp).toMatchObject({ sessionName: 'Playback', uri: `${CHANNEL}:0`, startTime: 1_724_112_000, endTime: 1_724_115_600, ssrc: '1200000001' });
  });

  it('offers s=Download with a=downloadspeed', () => {
    const text = historyOffer({ ...base, sessionName: 'Download', ssrc: '1200000002', start: 1_724_112_000, end: 1_724_112_600, downloadSpeed: 4 });
    expect(text).toContain('s=Download\r\n');
    expect(text).toContain('a=downloadspeed:4\r\n');
    const read = parseInviteOffer(text);
    expect(read.ok && read.sdp.downloadSpeed).toBe(4);
  });

  it('refuses a live SSRC', () => {
    expect(() => historyOffer({ ...base, sessionName: 'Playback', ssrc: '0200000001', start: 1, end: 2 })).toThrow(/starts with 1/);
  });

  it('addresses the channel and carries the Subject with the history SSRC', () => {
    const net = new InMemoryNetwork();
    const stack = new SipStack({ transports: [net.transport('UDP', { address: '10.0.0.1', port: 5060 })] });
    const req = buildHistoryInvite(stack, {
      ...base,
      domain: '3402000000',
      dest: { transport: 'UDP', address: '10.0.0.7', port: 5062 },
      sessionName: 'Playback',
      ssrc: '1200000003',
      start: 1_724_112_000,
      end: 1_724_112_060,
    });
    expect(req.uri).toBe(`sip:${CHANNEL}@10.0.0.7:5062`);
    expect(getHeader(req, 'Subject')).toBe(`${CHANNEL}:1200000003,${SERVER}:0`);
    expect(req.body.toString()).toContain('s=Playback');
  });
});
