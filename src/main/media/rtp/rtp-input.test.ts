import { describe, expect, it } from 'vitest';
import { RtpPacketizer } from '../rtp-packetize/rtp-packetizer';
import { RtpInput } from './rtp-input';

function setup(expectedSsrc?: number) {
  let now = 0;
  const rx = new RtpInput({ expectedSsrc, now: () => now });
  const got: string[] = [];
  rx.on('packet', (p) => got.push(`${p.ssrc}:${p.sequenceNumber}`));
  rx.on('loss', (n) => got.push(`loss ${n}`));
  rx.on('ssrc-mismatch', (m) => got.push(`mismatch ${m.expected}/${m.actual}`));
  rx.on('peer', (p) => got.push(`peer ${p.address}${p.previous ? ` was ${p.previous}` : ''}`));
  const send = (pk: RtpPacketizer, n = 1, from = '10.0.0.7', port = 15060) => {
    for (let i = 0; i < n; i++) rx.receive(pk.packetize(Buffer.from([1, 2, 3]), 0)[0], from, port);
  };
  return { rx, got, send, tick: (ms: number) => (now += ms) };
}

describe('RtpInput', () => {
  it('reports an unexpected SSRC once and accepts it', () => {
    const { got, send, rx } = setup(1000);
    const dev = new RtpPacketizer({ ssrc: 2000, sequenceNumber: 1 });
    send(dev, 3);
    expect(got).toEqual(['mismatch 1000/2000', 'peer 10.0.0.7:15060', '2000:1', '2000:2', '2000:3']);
    expect(rx.stats()).toMatchObject({ packets: 3, ssrc: 2000, peer: '10.0.0.7:15060' });
  });

  it('ignores a second SSRC while the first is alive, switches to it after silence, and at once to the expected one', () => {
    const { got, send, tick, rx } = setup(3000);
    const a = new RtpPacketizer({ ssrc: 1, sequenceNumber: 10 });
    const b = new RtpPacketizer({ ssrc: 2, sequenceNumber: 500 });
    const c = new RtpPacketizer({ ssrc: 3000, sequenceNumber: 900 });
    send(a, 2);
    send(b, 1);
    expect(rx.stats().foreignSsrc).toBe(1);
    tick(600);
    send(b, 1);
    send(c, 1);
    expect(got.filter((g) => !g.startsWith('peer') && !g.startsWith('mismatch'))).toEqual(['1:10', '1:11', 'loss 0', '2:501', 'loss 0', '3000:900']);
    expect(rx.stats().ssrc).toBe(3000);
  });

  it('flags packets from a new source address', () => {
    const { got, send } = setup();
    const a = new RtpPacketizer({ ssrc: 1, sequenceNumber: 10 });
    send(a, 1, '10.0.0.7', 15060);
    send(a, 1, '10.0.0.8', 15060);
    expect(got.filter((g) => g.startsWith('peer'))).toEqual(['peer 10.0.0.7:15060', 'peer 10.0.0.8:15060 was 10.0.0.7:15060']);
  });

  it('counts non-RTP input without throwing and without an error listener', () => {
    const { rx } = setup();
    expect(() => rx.receive(Buffer.from('GET / HTTP/1.1\r\n\r\n'), '10.0.0.9', 80)).not.toThrow();
    expect(rx.stats()).toMatchObject({ invalid: 1, packets: 0 });
  });

  it('turns a throwing listener into an error event instead of breaking the receive path', () => {
    const { rx, send } = setup();
    const errors: Error[] = [];
    rx.on('error', (e) => errors.push(e));
    rx.on('packet', () => {
      throw new Error('consumer bug');
    });
    expect(() => send(new RtpPacketizer({ ssrc: 1 }), 2)).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual(['consumer bug', 'consumer bug']);
  });

  it('survives a throwing listener on rare events too (peer, ssrc-mismatch)', () => {
    const { rx, send } = setup(1);
    const errors: Error[] = [];
    rx.on('error', (e) => errors.push(e));
    rx.on('peer', () => {
      throw new Error('peer listener bug');
    });
    expect(() => send(new RtpPacketizer({ ssrc: 2 }), 1)).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual(['peer listener bug']);
  });
});
