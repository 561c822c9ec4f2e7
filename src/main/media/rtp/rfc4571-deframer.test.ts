import { describe, expect, it } from 'vitest';
import { frameRfc4571All } from '../rtp-packetize/rfc4571';
import { RtpPacketizer } from '../rtp-packetize/rtp-packetizer';
import { seededRandom } from '../testing/shuffle';
import { Rfc4571Deframer } from './rfc4571-deframer';

function packets(n: number, ssrc = 1234) {
  const p = new RtpPacketizer({ ssrc, sequenceNumber: 0, maxPayload: 700 });
  return p.packetize(Buffer.alloc(700 * n, 0x5a), 3600);
}

function dollar(pkt: Buffer, channel = 0): Buffer {
  const h = Buffer.from([0x24, channel, pkt.length >> 8, pkt.length & 0xff]);
  return Buffer.concat([h, pkt]);
}

function collect() {
  const out: Buffer[] = [];
  return { out, d: new Rfc4571Deframer((p) => out.push(Buffer.from(p))) };
}

describe('Rfc4571Deframer', () => {
  const pkts = packets(20);
  const stream = frameRfc4571All(pkts);

  it('recovers every packet when the stream arrives one byte at a time', () => {
    const { out, d } = collect();
    for (let i = 0; i < stream.length; i++) d.push(stream.subarray(i, i + 1));
    expect(out).toEqual(pkts);
  });

  it('recovers every packet from random chunk sizes, and views chunks without copying when whole', () => {
    const rand = seededRandom(3);
    const { out, d } = collect();
    for (let o = 0; o < stream.length; ) {
      const n = 1 + Math.floor(rand() * 3000);
      d.push(stream.subarray(o, o + n));
      o += n;
    }
    expect(out).toEqual(pkts);
    const views: Buffer[] = [];
    new Rfc4571Deframer((p) => views.push(p)).push(stream);
    expect(views[3].buffer).toBe(stream.buffer);
  });

  it('accepts RTSP "$" interleaving, mixed with RFC 4571, and drops RTCP on odd channels', () => {
    const { out, d } = collect();
    const rtcp = Buffer.from([0x80, 0xc8, 0, 6, ...new Array(24).fill(0)]);
    const mixed = Buffer.concat([dollar(pkts[0]), dollar(rtcp, 1), dollar(pkts[1]), frameRfc4571All([pkts[2]]), dollar(pkts[3])]);
    for (let i = 0; i < mixed.length; i++) d.push(mixed.subarray(i, i + 1));
    expect(out).toEqual(pkts.slice(0, 4));
    expect(d.stats).toMatchObject({ interleaved: 3, rtcp: 1 });
  });

  it('skips garbage between frames and resynchronises on the next packet of the same SSRC', () => {
    const { out, d } = collect();
    const garbage = Buffer.from([0xff, 0xff, 0xff, 1, 2, 3, 0x24, 0, 0xff, 0xff, 0xff, 0, 0xff]);
    d.push(Buffer.concat([frameRfc4571All(pkts.slice(0, 2)), garbage, frameRfc4571All(pkts.slice(2, 5))]));
    expect(out).toEqual(pkts.slice(0, 5));
    expect(d.stats.resyncs).toBe(1);
    expect(d.stats.skippedBytes).toBe(garbage.length);
  });

  it('recovers after garbage that looks like a frame header (a bogus short packet, then the same SSRC again)', () => {
    const { out, d } = collect();
    const fake = Buffer.from([0x00, 0x10, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    d.push(Buffer.concat([frameRfc4571All(pkts.slice(0, 2)), fake, frameRfc4571All(pkts.slice(2, 8))]));
    const real = out.filter((p) => p.readUInt32BE(8) === 1234);
    expect(real.slice(0, 2)).toEqual(pkts.slice(0, 2));
    expect(real.slice(-5)).toEqual(pkts.slice(3, 8));
  });

  it('never throws on random bytes', () => {
    const rand = seededRandom(11);
    const d = new Rfc4571Deframer(() => {});
    for (let i = 0; i < 200; i++) {
      const b = Buffer.alloc(1 + Math.floor(rand() * 2000));
      for (let j = 0; j < b.length; j++) b[j] = Math.floor(rand() * 256);
      expect(() => d.push(b)).not.toThrow();
    }
  });
});
