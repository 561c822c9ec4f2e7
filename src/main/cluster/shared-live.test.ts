// The holder's side of a shared live view, over real UDP sockets on loopback, with a stand-in for its live view:
// frames of its session go on as PS over RTP with the SSRC the viewer's instance offered; the share is one viewer
// of the session (joined, left on unshare); a viewer instance that died loses its shares; the session's end is
// told to the viewer's instance.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../shared/media-frames';
import type { FrameSink } from '../live/frame-fanout';
import { LiveSharer, type SharedLiveService, type ShareParams } from './shared-live';
import { waitFor } from './testing/wait-for';

const CHANNEL = '34020000001310000001';

function standIn() {
  const sinks = new Map<string, FrameSink>();
  const calls: string[] = [];
  const service: SharedLiveService = {
    async start(p) {
      calls.push(`start ${p.channelId}`);
      return { sessionId: 's1', mediaIp: '127.0.0.1', ssrc: '0100000001' };
    },
    async stop(id) {
      calls.push(`stop ${id}`);
      return { stopped: true };
    },
    list: () => [{ sessionId: 's1', deviceId: 'dev', channelId: CHANNEL, state: 'playing' }],
    subscribeFrames(id, sink) {
      sinks.set(id, sink);
      return { unsubscribe: () => void sinks.delete(id), stats: () => ({ sent: 0, dropped: 0 }) };
    },
  };
  return { service, sinks, calls };
}

const frame = (pts: number, size: number) =>
  encodeFrame({ codec: 'h264', keyframe: true, configChanged: false, discontinuity: false, sequence: 1, pts, width: 640, height: 360, codecString: 'avc1.42C01E' }, new Uint8Array(size).fill(7));

let receiver: dgram.Socket | undefined;
afterEach(() => {
  receiver?.close();
  receiver = undefined;
});

async function listen(): Promise<{ port: number; packets: Buffer[] }> {
  const packets: Buffer[] = [];
  receiver = dgram.createSocket('udp4');
  receiver.on('message', (m) => packets.push(m));
  await new Promise<void>((r) => receiver!.bind(0, '127.0.0.1', () => r()));
  return { port: receiver.address().port, packets };
}

describe('LiveSharer', () => {
  it('sends the session\'s frames as PS over RTP with the offered SSRC, and leaves the session on unshare', async () => {
    const { service, sinks, calls } = standIn();
    const told: string[] = [];
    const sharer = new LiveSharer(service, { call: async (to, m) => void told.push(`${to} ${m}`) }, () => '127.0.0.1', () => undefined);
    const { port, packets } = await listen();
    const p: ShareParams = { handle: 'h1', deviceId: 'dev', channelId: CHANNEL, mediaIp: '127.0.0.1', mediaPort: port, ssrc: '0200000007' };
    const answer = await sharer.share('B', p);
    expect(answer).toMatchObject({ ip: '127.0.0.1', ssrc: '0200000007' });
    expect(calls).toEqual([`start ${CHANNEL}`]);
    sinks.get('s1')!.send(frame(90_000, 3000));
    await waitFor('the frame\'s RTP packets', () => (packets.length >= 3 ? true : undefined), 5_000);
    for (const pkt of packets) {
      expect(pkt.readUInt32BE(8)).toBe(200000007);
      expect(pkt[1] & 0x7f).toBe(96);
      expect(pkt.readUInt32BE(4)).toBe(90_000);
    }
    expect(packets[0].subarray(12, 16)).toEqual(Buffer.from([0, 0, 1, 0xba]));
    expect(packets.at(-1)![1] & 0x80).toBe(0x80);
    expect(await sharer.unshare('h1')).toEqual({ ended: true });
    expect(calls).toEqual([`start ${CHANNEL}`, 'stop s1']);
    expect(sinks.size).toBe(0);
    expect(told).toEqual([]);
  });

  it('refuses a channel it does not play and bad parameters; drops the shares of a dead instance; tells of its session\'s end', async () => {
    const { service, sinks, calls } = standIn();
    const told: string[] = [];
    const sharer = new LiveSharer(service, { call: async (to, m) => void told.push(`${to} ${m}`) }, () => '127.0.0.1', () => undefined);
    const { port } = await listen();
    const p: ShareParams = { handle: 'h1', deviceId: 'dev', channelId: CHANNEL, mediaIp: '127.0.0.1', mediaPort: port, ssrc: '0200000007' };
    await expect(sharer.share('B', { ...p, channelId: '34020000001310000002' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(sharer.share('B', { ...p, mediaIp: 'x; rm' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(sharer.share('B', { ...p, ssrc: '9999999999' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(calls).toEqual([]);

    await sharer.share('B', p);
    await sharer.sweep((id) => id !== 'B');
    expect(calls).toEqual([`start ${CHANNEL}`, 'stop s1']);

    await sharer.share('C', { ...p, handle: 'h2' });
    sinks.get('s1')!.close(4000, 'camera 34020000001310000001 ended live view (it sent BYE)');
    await waitFor('C told', () => (told.length ? true : undefined), 5_000);
    expect(told).toEqual(['C cluster.shareEnded']);
    expect(await sharer.unshare('h2')).toEqual({ ended: false });
  });
});
