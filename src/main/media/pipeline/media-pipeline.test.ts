import { createSocket } from 'node:dgram';
import { type Socket, connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaFrame } from '../frame/types';
import { RawRtpPacketizer } from '../raw-rtp/raw-rtp-packetizer';
import { frameRfc4571All } from '../rtp-packetize/rfc4571';
import { RtpPacketizer } from '../rtp-packetize/rtp-packetizer';
import { clip, psPackets } from '../testing/media-fixtures';
import { reorderSome, seededRandom } from '../testing/shuffle';
import { nextEvent, waitUntil } from '../testing/wait';
import { MediaPipeline, type MediaPipelineOptions } from './media-pipeline';

const SSRC = 100000001; // y=0100000001
const open: MediaPipeline[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

function pipeline(transport: MediaPipelineOptions['transport'], extra: Partial<MediaPipelineOptions> = {}) {
  const frames: MediaFrame[] = [];
  const p = new MediaPipeline({ transport, expectedSsrc: SSRC, onFrame: (f) => frames.push(f), ...extra });
  open.push(p);
  return { p, frames };
}

/** The clip as PS over RTP, one list of packets per frame. */
function rtpFrames(name: 'h264Baseline' | 'h265Main' = 'h264Baseline', ssrc = SSRC): Buffer[][] {
  const rtp = new RtpPacketizer({ ssrc, sequenceNumber: 65400 });
  const c = clip(name);
  return psPackets(name).map((ps, i) => rtp.packetize(ps, c.frames[i].pts + 123456));
}

/**
 * Sends over UDP in batches of 50, waiting (on receiver events) until each batch has arrived so that no socket
 * buffer overflows. `shuffle` reorders packets within a batch only.
 */
async function sendUdp(p: MediaPipeline, port: number, packets: Buffer[], shuffle?: (batch: Buffer[]) => Buffer[]) {
  const sock = createSocket('udp4');
  try {
    for (let i = 0; i < packets.length; i += 50) {
      const batch = packets.slice(i, i + 50);
      for (const b of shuffle ? shuffle(batch) : batch) {
        await new Promise<void>((res, rej) => sock.send(b, port, '127.0.0.1', (e) => (e ? rej(e) : res())));
      }
      const target = i + batch.length;
      await waitUntil(p.receiver, 'packet', () => p.receiver.stats().packets >= target, 5000, 'UDP batch');
    }
    return (sock.address() as { port: number }).port;
  } finally {
    sock.close();
  }
}

function expectClipFrames(frames: MediaFrame[], name: 'h264Baseline' | 'h265Main' = 'h264Baseline') {
  const c = clip(name);
  expect(frames).toHaveLength(c.frames.length);
  frames.forEach((f, i) => expect(f.data.equals(c.frames[i].data)).toBe(true));
  expect(frames.filter((f) => f.keyframe)).toHaveLength(10);
}

describe('MediaPipeline over UDP', () => {
  it('receives PS over RTP and delivers every frame of the clip, with the session counters', async () => {
    const { p, frames } = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const firstFrame = nextEvent<MediaFrame>(p, 'first-frame');
    const { port } = await p.start();
    const packets = rtpFrames().flat();
    const from = await sendUdp(p, port, packets);
    await waitUntil(p.receiver, 'packet', () => frames.length === 250, 5000, '250 frames');
    expect((await firstFrame).keyframe).toBe(true);
    expectClipFrames(frames);
    const s = p.stats();
    expect(s).toMatchObject({ packets: packets.length, frames: 250, keyframes: 10, lost: 0, ssrc: SSRC, format: 'ps' });
    expect(s).toMatchObject({ codec: 'h264', width: 640, height: 360, profile: 'Constrained Baseline', codecString: 'avc1.42C01E' });
    expect(s.peer).toBe(`127.0.0.1:${from}`);
    expect(s.firstFrameAt).toBeGreaterThanOrEqual(s.firstPacketAt!);
    expect(s.bytes).toBe(packets.reduce((n, b) => n + b.length, 0));
  });

  it('puts reordered packets back in order and, after losses, resumes exactly at the next keyframe', async () => {
    const { p, frames } = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const { port } = await p.start();
    const perFrame = rtpFrames();
    const rand = seededRandom(99);
    const lossyFrames = new Set([12, 60, 61, 140, 230]);
    let dropped = 0;
    const sendList: Buffer[] = [];
    perFrame.forEach((pkts, i) => {
      const kept = pkts.filter((_, j) => !(lossyFrames.has(i) && j === pkts.length - 1 && ++dropped));
      sendList.push(...kept);
    });
    await sendUdp(p, port, sendList, (batch) => reorderSome(batch, 0.1, 5, rand));
    await waitUntil(p.receiver, 'packet', () => p.receiver.stats().lost === dropped, 5000, 'losses declared');
    await p.close();
    const s = p.stats();
    expect(s.lost).toBe(dropped);
    expect(s.late).toBe(0);
    expect(s.reordered).toBeGreaterThan(10);
    expect(s.demux?.discontinuities).toBe(dropped);
    const c = clip('h264Baseline');
    const expected = c.frames.filter((_, i) => {
      const lastLoss = Math.max(-1, ...[...lossyFrames].filter((x) => x <= i));
      if (lastLoss < 0) return true;
      return i >= c.frames.findIndex((g, j) => j > lastLoss && g.keyframe) && c.frames.findIndex((g, j) => j > lastLoss && g.keyframe) > 0;
    });
    expect(frames.map((f) => f.data)).toEqual(expected.map((f) => f.data));
    expect(s.demux?.internalErrors).toBe(0);
  });

  it('reports an unexpected SSRC once and still plays it', async () => {
    const { p, frames } = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const mismatch = nextEvent<{ expected: number; actual: number }>(p, 'ssrc-mismatch');
    const { port } = await p.start();
    await sendUdp(p, port, rtpFrames('h264Baseline', 0x1234).slice(0, 30).flat());
    expect(await mismatch).toEqual({ expected: SSRC, actual: 0x1234 });
    await waitUntil(p.receiver, 'packet', () => frames.length >= 29, 5000, 'frames');
    expect(p.stats().ssrc).toBe(0x1234);
  });

  it('plays H.265 in PS (stream_type 0x24)', async () => {
    const { p, frames } = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const { port } = await p.start();
    await sendUdp(p, port, rtpFrames('h265Main').flat());
    await waitUntil(p.receiver, 'packet', () => frames.length === 250, 5000, 'frames');
    expectClipFrames(frames, 'h265Main');
    expect(p.stats()).toMatchObject({ codec: 'h265', width: 640, height: 360, profile: 'Main' });
  });

  it('plays raw H.264 over RTP (PT 98), and PS sent under PT 98 is still recognised as PS', async () => {
    const c = clip('h264Baseline');
    const raw = new RawRtpPacketizer({ codec: 'h264', ssrc: SSRC, sequenceNumber: 1 });
    const a = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const pa = await a.p.start();
    await sendUdp(a.p, pa.port, c.frames.flatMap((f) => raw.packetize(f.data, f.pts)));
    await waitUntil(a.p.receiver, 'packet', () => a.frames.length === 250, 5000, 'raw frames');
    expect(a.p.stats()).toMatchObject({ format: 'h264', keyframes: 10, width: 640 });

    const ps98 = new RtpPacketizer({ ssrc: SSRC, payloadType: 98, sequenceNumber: 1 });
    const b = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const pb = await b.p.start();
    await sendUdp(b.p, pb.port, psPackets('h264Baseline').flatMap((ps, i) => ps98.packetize(ps, c.frames[i].pts)));
    await waitUntil(b.p.receiver, 'packet', () => b.frames.length === 250, 5000, 'PS-under-98 frames');
    expect(b.p.stats().format).toBe('ps');
  });

  it('releases the port on close (it can be bound again at once) and says clearly when a port is taken', async () => {
    const { p } = pipeline({ kind: 'udp', port: 0, host: '127.0.0.1' });
    const { port } = await p.start();
    const clash = pipeline({ kind: 'udp', port, host: '127.0.0.1' });
    await expect(clash.p.start()).rejects.toThrow(`cannot receive video on 127.0.0.1:${port}/udp: the port is already in use`);
    await p.close();
    const again = pipeline({ kind: 'udp', port, host: '127.0.0.1' });
    await expect(again.p.start()).resolves.toMatchObject({ port });
  });
});

describe('MediaPipeline over TCP (RFC 4571)', () => {
  /** Writes the first frames one byte per write() call, the rest in uneven chunks. */
  async function writeStream(sock: Socket, stream: Buffer, byteByByteUntil: number) {
    for (let i = 0; i < byteByByteUntil; i++) sock.write(stream.subarray(i, i + 1));
    const rand = seededRandom(1);
    for (let o = byteByByteUntil; o < stream.length; ) {
      const n = 1 + Math.floor(rand() * 9000);
      if (!sock.write(stream.subarray(o, o + n))) await nextEvent(sock, 'drain');
      o += n;
    }
  }

  it('passive: we listen, the device connects and streams; framing split a byte at a time', async () => {
    const { p, frames } = pipeline({ kind: 'tcp-passive', port: 0, host: '127.0.0.1' });
    const connected = nextEvent<{ remote: string }>(p, 'connection');
    const { port } = await p.start();
    const stream = frameRfc4571All(rtpFrames().flat());
    const sock = connect({ port, host: '127.0.0.1' });
    await nextEvent(sock, 'connect');
    expect((await connected).remote).toBe(`127.0.0.1:${sock.localPort}`);
    await writeStream(sock, stream, 20_000);
    await waitUntil(p.receiver, 'packet', () => frames.length === 250, 10_000, '250 frames over TCP');
    expectClipFrames(frames);
    expect(p.stats()).toMatchObject({ lost: 0, invalid: 0 });
    const gone = nextEvent<{ reason: string }>(p, 'disconnect');
    sock.end();
    expect((await gone).reason).toBe('the device closed the connection');
  });

  it('active: the device listens, we connect to it; also accepts "$" interleaved framing', async () => {
    const packets = rtpFrames().flat();
    const stream = Buffer.concat(packets.map((b) => Buffer.concat([Buffer.from([0x24, 0, b.length >> 8, b.length & 0xff]), b])));
    const device = createServer((sock) => void writeStream(sock, stream, 5_000));
    await new Promise<void>((res) => device.listen(0, '127.0.0.1', res));
    try {
      const devicePort = (device.address() as { port: number }).port;
      const { p, frames } = pipeline({ kind: 'tcp-active', remoteHost: '127.0.0.1', remotePort: devicePort });
      await p.start();
      await waitUntil(p.receiver, 'packet', () => frames.length === 250, 10_000, '250 frames over active TCP');
      expectClipFrames(frames);
    } finally {
      device.close();
    }
  });

  it('active: explains a refused connection in the installer’s words', async () => {
    const probe = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((res) => probe.close(() => res()));
    const { p } = pipeline({ kind: 'tcp-active', remoteHost: '127.0.0.1', remotePort: port });
    const err = await p.start().catch((e: unknown) => e);
    expect((err as Error).message).toContain(`could not connect to the camera's media port 127.0.0.1:${port}/tcp: the camera refused it`);
    expect(err).toMatchObject({ text: { code: 'media.connectRefused', params: { address: `127.0.0.1:${port}/tcp` } } });
  });
});
