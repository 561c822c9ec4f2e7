// The holder's side of a shared live view, over real UDP and TCP sockets on loopback, with a stand-in for its live
// view: frames of its session go on as PS over RTP with the SSRC the viewer's instance offered, from a connected
// UDP socket or over TCP with RFC 4571 framing (the holder connects to a TCP-passive viewer, listens for a
// TCP-active one); the share is one viewer of the session (joined, left on unshare); a viewer instance that died
// loses its shares; the session's end, or a lost TCP link, is told to the viewer's instance.
import dgram from 'node:dgram';
import net from 'node:net';
import { Rfc4571Deframer } from '../media/rtp/rfc4571-deframer';
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
const opened: Array<net.Server | net.Socket> = [];
afterEach(() => {
  receiver?.close();
  receiver = undefined;
  for (const o of opened.splice(0)) o instanceof net.Server ? o.close() : o.destroy();
});

/** RTP packets deframed from a TCP socket (RFC 4571). */
function readFramed(socket: net.Socket, packets: Buffer[]): void {
  const deframer = new Rfc4571Deframer((pkt) => packets.push(Buffer.from(pkt)));
  socket.on('data', (chunk) => deframer.push(chunk));
}

/** A TCP-passive viewer's media port: listens, and keeps the holder's connection. */
async function listenTcp(): Promise<{ port: number; packets: Buffer[]; peer: Promise<net.Socket> }> {
  const packets: Buffer[] = [];
  let accept!: (s: net.Socket) => void;
  const peer = new Promise<net.Socket>((r) => (accept = r));
  const server = net.createServer((socket) => {
    opened.push(socket);
    readFramed(socket, packets);
    accept(socket);
  });
  opened.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as net.AddressInfo).port, packets, peer };
}

function expectFrame(packets: Buffer[], ssrc: number): void {
  for (const pkt of packets) {
    expect(pkt.readUInt32BE(8)).toBe(ssrc);
    expect(pkt[1] & 0x7f).toBe(96);
  }
  expect(packets[0].subarray(12, 16)).toEqual(Buffer.from([0, 0, 1, 0xba]));
  expect(packets.at(-1)![1] & 0x80).toBe(0x80);
}

async function listen(): Promise<{ port: number; packets: Buffer[]; from: number[] }> {
  const packets: Buffer[] = [];
  const from: number[] = [];
  receiver = dgram.createSocket('udp4');
  receiver.on('message', (m, rinfo) => {
    packets.push(m);
    from.push(rinfo.port);
  });
  await new Promise<void>((r) => receiver!.bind(0, '127.0.0.1', () => r()));
  return { port: receiver.address().port, packets, from };
}

describe('LiveSharer', () => {
  it('sends the session\'s frames as PS over RTP with the offered SSRC, and leaves the session on unshare', async () => {
    const { service, sinks, calls } = standIn();
    const told: string[] = [];
    const sharer = new LiveSharer(service, { call: async (to, m) => void told.push(`${to} ${m}`) }, () => '127.0.0.1', () => undefined);
    const { port, packets, from } = await listen();
    const p: ShareParams = { handle: 'h1', deviceId: 'dev', channelId: CHANNEL, mediaIp: '127.0.0.1', mediaPort: port, ssrc: '0200000007' };
    const answer = await sharer.share('B', p);
    expect(answer).toMatchObject({ ip: '127.0.0.1', ssrc: '0200000007', transport: 'udp' });
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
    expect(new Set(from)).toEqual(new Set([answer.port]));
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
    await expect(sharer.share('B', { ...p, transport: 'sctp' as never })).rejects.toMatchObject({ code: 'bad_request' });
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

describe('LiveSharer over TCP', () => {
  it('connects to a TCP-passive viewer\'s port and sends RFC 4571 framed RTP; a lost link is told and leaves the session', async () => {
    const { service, sinks, calls } = standIn();
    const told: string[] = [];
    const sharer = new LiveSharer(service, { call: async (to, m) => void told.push(`${to} ${m}`) }, () => '127.0.0.1', () => undefined);
    const { port, packets, peer } = await listenTcp();
    const p: ShareParams = { handle: 'h1', deviceId: 'dev', channelId: CHANNEL, mediaIp: '127.0.0.1', mediaPort: port, ssrc: '0200000007', transport: 'tcp-passive' };
    const answer = await sharer.share('B', p);
    expect(answer).toMatchObject({ ip: '127.0.0.1', ssrc: '0200000007', transport: 'tcp-passive' });
    const socket = await peer;
    expect(socket.remotePort).toBe(answer.port);
    sinks.get('s1')!.send(frame(90_000, 3000));
    await waitFor('the frame\'s RTP packets over TCP', () => (packets.length >= 3 && (packets.at(-1)![1] & 0x80) ? true : undefined), 5_000);
    expectFrame(packets, 200000007);

    // The viewer's instance closes the connection: it is told, and the share leaves the session here.
    socket.destroy();
    await waitFor('B told', () => (told.length ? true : undefined), 5_000);
    expect(told).toEqual(['B cluster.shareEnded']);
    expect(calls).toEqual([`start ${CHANNEL}`, 'stop s1']);
    expect(sinks.size).toBe(0);
    expect(await sharer.unshare('h1')).toEqual({ ended: false });
  });

  it('listens for a TCP-active viewer, answers with its port and sends once it connected', async () => {
    const { service, sinks, calls } = standIn();
    const told: string[] = [];
    const sharer = new LiveSharer(service, { call: async (to, m) => void told.push(`${to} ${m}`) }, () => '127.0.0.1', () => undefined);
    const p: ShareParams = { handle: 'h1', deviceId: 'dev', channelId: CHANNEL, mediaIp: '127.0.0.1', mediaPort: 9, ssrc: '0200000008', transport: 'tcp-active' };
    const answer = await sharer.share('B', p);
    expect(answer).toMatchObject({ ip: '127.0.0.1', ssrc: '0200000008', transport: 'tcp-active' });
    // Not a viewer of the session until the viewer's instance connects.
    expect(sinks.size).toBe(0);
    const packets: Buffer[] = [];
    const socket = net.createConnection({ host: answer.ip, port: answer.port });
    opened.push(socket);
    readFramed(socket, packets);
    await waitFor('the share to watch the session', () => (sinks.size ? true : undefined), 5_000);
    sinks.get('s1')!.send(frame(180_000, 3000));
    await waitFor('the frame\'s RTP packets over TCP', () => (packets.length >= 3 && (packets.at(-1)![1] & 0x80) ? true : undefined), 5_000);
    expectFrame(packets, 200000008);
    expect(await sharer.unshare('h1')).toEqual({ ended: true });
    expect(calls).toEqual([`start ${CHANNEL}`, 'stop s1']);
    expect(told).toEqual([]);
  });
});
