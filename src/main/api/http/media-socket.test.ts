import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, MEDIA_CLOSE, type DecodedMediaFrame } from '../../../shared/media-frames';
import { FrameFanout, type FanoutFrame } from '../../live/frame-fanout';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from './auth';
import { createMediaSocket, type MediaSocket } from './media-socket';
import { checkToken } from './request-guard';

const open: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c();
});

async function serve(fanouts: Record<string, FrameFanout>, token: string | null = null) {
  const media = createMediaSocket({
    live: { subscribeFrames: (id, sink) => fanouts[id]?.subscribe(sink) },
    authorize: (req) => (token === null ? null : checkToken(req, token)),
  });
  const server = http.createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => {
    if (!media.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  open.push(
    () =>
      new Promise<void>((r) => {
        media.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { media, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function connect(url: string, protocols?: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    open.push(() => ws.terminate());
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function collect(ws: WebSocket): { frames: DecodedMediaFrame[]; closed: Promise<{ code: number; reason: string }>; next(n: number): Promise<void> } {
  const frames: DecodedMediaFrame[] = [];
  const waiters: Array<{ n: number; resolve(): void }> = [];
  ws.on('message', (data, isBinary) => {
    expect(isBinary).toBe(true);
    const r = decodeFrame(data as Buffer);
    if (!r.ok) throw new Error(r.reason);
    frames.push(r.frame);
    for (const w of waiters.filter((x) => frames.length >= x.n)) w.resolve();
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
  return {
    frames,
    closed,
    next: (n) =>
      new Promise<void>((resolve, reject) => {
        if (frames.length >= n) return resolve();
        const t = setTimeout(() => reject(new Error(`only ${frames.length} of ${n} frames`)), 5000);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      }),
  };
}

const frame = (i: number, size: number, gop = 25): FanoutFrame => ({
  codec: 'h264',
  data: new Uint8Array(size).fill(i & 0xff),
  pts: i * 3600,
  keyframe: i % gop === 0,
  width: 640,
  height: 360,
  codecString: 'avc1.42C01E',
});

describe('/api/media WebSocket', () => {
  it('delivers every frame of a session as one binary message that decodeFrame reads', async () => {
    const fanout = new FrameFanout();
    const { url, media } = await serve({ s1: fanout });
    const ws = await connect(`${url}/api/media?sessionId=s1`);
    const c = collect(ws);
    for (let i = 0; i < 50; i++) fanout.push(frame(i, 2000 + i));
    await c.next(50);
    expect(c.frames.map((f) => f.sequence)).toEqual([...Array(50).keys()]);
    expect(c.frames[0]).toMatchObject({ keyframe: true, configChanged: true, codecString: 'avc1.42C01E', width: 640, height: 360, pts: 0 });
    expect(c.frames[49].data.length).toBe(2049);
    expect(c.frames[49].data[0]).toBe(49);
    expect(media.clients()).toEqual([{ sessionId: 's1', bufferedAmount: 0, sent: 50, dropped: 0 }]);
    fanout.close(MEDIA_CLOSE.sessionEnded, 'camera 34020000001310000001 ended live view (it sent BYE)');
    expect(await c.closed).toEqual({ code: 4000, reason: 'camera 34020000001310000001 ended live view (it sent BYE)' });
  });

  it('a client that stops reading is dropped to the next keyframe; the server buffer stays bounded', async () => {
    const limit = 1024 * 1024;
    const size = 64 * 1024;
    const fanout = new FrameFanout({ maxBufferedBytes: limit });
    const { url, media } = await serve({ s1: fanout });
    const ws = await connect(`${url}/api/media?sessionId=s1`);
    const c = collect(ws);
    fanout.push(frame(0, size));
    await c.next(1);
    ws.pause();
    let maxBuffered = 0;
    // 64 MiB offered to a reader that takes nothing: kernel buffers fill, then ws.bufferedAmount rises
    for (let i = 1; i < 1024; i++) {
      fanout.push(frame(i, size));
      maxBuffered = Math.max(maxBuffered, media.clients()[0].bufferedAmount);
      if (i % 64 === 0) await new Promise<void>((r) => setImmediate(r));
    }
    expect(maxBuffered).toBeGreaterThan(0);
    expect(maxBuffered).toBeLessThanOrEqual(limit + size + 64);
    const dropped = media.clients()[0].dropped;
    expect(dropped).toBeGreaterThan(100);

    ws.resume();
    // what was queued arrives; then the next keyframe goes out, flagged
    const sent = media.clients()[0].sent;
    await c.next(sent);
    expect(media.clients()[0].bufferedAmount).toBe(0);
    fanout.push(frame(1024, size));
    fanout.push(frame(1025, size));
    await c.next(sent + 1);
    const seqs = c.frames.map((f) => f.sequence);
    const gapAt = seqs.findIndex((s, i) => i > 0 && s !== seqs[i - 1] + 1);
    expect(gapAt).toBeGreaterThan(0);
    expect(c.frames[gapAt]).toMatchObject({ keyframe: true, discontinuity: true });
    expect(c.frames.every((f, i) => i === gapAt || !f.discontinuity)).toBe(true);
    expect(seqs.at(-1)).toBe(1025);
    expect(seqs.length + media.clients()[0].dropped).toBe(1026);
  });

  it('closes with 4404 for a session that is not open', async () => {
    const { url } = await serve({});
    const ws = await connect(`${url}/api/media?sessionId=nope`);
    const c = collect(ws);
    expect(await c.closed).toEqual({ code: MEDIA_CLOSE.unknownSession, reason: 'no open live session nope' });
  });

  it('needs the token as a subprotocol (never in the URL), and a sessionId', async () => {
    const fanout = new FrameFanout();
    const { url } = await serve({ s1: fanout }, 'secret-token');
    const withToken = [WS_PROTOCOL, `${WS_TOKEN_PREFIX}secret-token`];
    await expect(connect(`${url}/api/media?sessionId=s1`)).rejects.toThrow('HTTP 401');
    await expect(connect(`${url}/api/media?sessionId=s1&token=secret-token`)).rejects.toThrow('HTTP 401');
    await expect(connect(`${url}/api/media?sessionId=s1`, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}wrong-token`])).rejects.toThrow('HTTP 401');
    await expect(connect(`${url}/api/media`, withToken)).rejects.toThrow('HTTP 400');
    const ws = await connect(`${url}/api/media?sessionId=s1`, withToken);
    expect(ws.protocol).toBe(WS_PROTOCOL);
    const c = collect(ws);
    fanout.push(frame(0, 10));
    await c.next(1);
  });

  it('leaves other upgrade paths to the caller', async () => {
    const { url } = await serve({});
    await expect(connect(`${url}/api/events`)).rejects.toThrow();
  });
});
