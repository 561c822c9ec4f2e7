// The event stream's frames: JSON text frames (a browser would get a Blob for a binary one), batched or one per
// event, the same bytes to every client, and a client's unread bytes (not characters) bounded.
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { EVENTS_PER_FRAME, EventStream } from './event-stream';

let closing: Array<() => void> = [];
afterEach(() => {
  for (const c of closing.splice(0)) c();
});

async function serve(stream: EventStream, batched: boolean[]) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  closing.push(() => wss.close());
  await new Promise((resolve) => wss.once('listening', resolve));
  let n = 0;
  const serverSide: WebSocket[] = [];
  const added = new Promise<void>((resolve) =>
    wss.on('connection', (ws) => {
      serverSide.push(ws);
      stream.add(ws, batched[n++]);
      if (n === batched.length) resolve();
    }),
  );
  const clients = batched.map(() => {
    const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    closing.push(() => ws.terminate());
    const frames: Array<{ text: string; binary: boolean }> = [];
    ws.on('message', (data: Buffer, binary) => frames.push({ text: data.toString('utf8'), binary }));
    return { ws, frames };
  });
  await added;
  return Object.assign(clients, { serverSide });
}

/** Resolves once `done()` holds, looked at on each message of `ws`; fails after 5 s. */
function until(ws: WebSocket, done: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no ${what} within 5 s`)), 5000);
    const look = () => {
      if (!done()) return;
      clearTimeout(deadline);
      ws.off('message', look);
      ws.off('close', look);
      resolve();
    };
    ws.on('message', look);
    ws.on('close', look);
    look();
  });
}

const batch = [
  { event: 'device.online', payload: { deviceId: '34020000001110000001', name: '大门 NVR' } },
  { event: 'channel.changed', payload: { deviceId: '34020000001110000001', channels: [] } },
];

describe('event stream', () => {
  it('sends a batch as one JSON text frame to a batched client and one per event to the others', async () => {
    const stream = new EventStream();
    const [batched, single] = await serve(stream, [true, false]);
    stream.broadcastBatch(batch);
    await until(batched.ws, () => batched.frames.length === 1, 'batch');
    await until(single.ws, () => single.frames.length === 2, 'events');
    expect(batched.frames.map((f) => f.binary)).toEqual([false]);
    expect(JSON.parse(batched.frames[0].text)).toEqual(batch);
    expect(single.frames.map((f) => f.binary)).toEqual([false, false]);
    expect(single.frames.map((f) => JSON.parse(f.text))).toEqual(batch);
  });

  it("drops a client whose unread events pass the bound in bytes, Chinese names counting three a character", async () => {
    const text = JSON.stringify([batch[0]]);
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeGreaterThan(text.length);
    let dropped = 0;
    const stream = new EventStream(bytes - 1, () => dropped++);
    const [client] = await serve(stream, [true]);
    stream.broadcastBatch([batch[0]]);
    await until(client.ws, () => client.ws.readyState === WebSocket.CLOSED, 'close');
    expect(dropped).toBe(1);
    expect(client.frames).toEqual([]);
    expect(stream.stats()).toMatchObject({ clients: 0, dropped: 1 });
  });

  it('sends a big batch as frames of at most EVENTS_PER_FRAME events, one a turn, in order, before the next batch', async () => {
    const stream = new EventStream();
    const clients = await serve(stream, [true]);
    const [client] = clients;
    let sends = 0;
    const ws = clients.serverSide[0];
    const send = ws.send.bind(ws);
    ws.send = ((...args: Parameters<typeof ws.send>) => {
      sends++;
      return send(...args);
    }) as typeof ws.send;
    const big = Array.from({ length: 1000 }, (_, i) => ({ event: 'channel.changed', payload: { deviceId: `d${i}`, channels: [] } }));
    const next = [{ event: 'device.online', payload: { deviceId: 'after' } }];

    stream.broadcastBatch(big);
    expect(sends).toBe(1);
    await new Promise((r) => setImmediate(r));
    stream.broadcastBatch(next);
    await until(client.ws, () => client.frames.some((f) => f.text.includes('"after"')), 'the next batch');

    const frames = client.frames.map((f) => JSON.parse(f.text) as unknown[]);
    expect(Math.max(...frames.map((f) => f.length))).toBe(EVENTS_PER_FRAME);
    expect(frames.flat()).toEqual([...big, ...next]);
  });

  it('delivers every frame intact to a client that reads late while later batches are sent', async () => {
    // Frames share reused buffers (frame-buffers.ts): one reused before the socket wrote it out would arrive as a
    // later batch's bytes.
    const stream = new EventStream(256 * 1024 * 1024);
    const [slow, quick] = await serve(stream, [true, true]);
    const socket = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const sent = Array.from({ length: 40 }, (_, i) => [{ event: 'channel.changed', payload: { seq: i, names: `${i}号通道`.repeat(20_000) } }]);
    for (const b of sent) stream.broadcastBatch(b);
    await until(quick.ws, () => quick.frames.length === sent.length, 'frames at the quick client');
    socket.resume();
    await until(slow.ws, () => slow.frames.length === sent.length, 'frames at the slow client');
    expect(slow.frames.map((f) => JSON.parse(f.text))).toEqual(sent);
    expect(quick.frames.map((f) => JSON.parse(f.text))).toEqual(sent);
  });
});
