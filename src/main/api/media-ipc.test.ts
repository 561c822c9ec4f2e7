import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { IPC_MEDIA_OPEN, IPC_MEDIA_PORT } from '../../shared/contract';
import { decodeFrame, encodeFrame, MEDIA_CLOSE } from '../../shared/media-frames';
import type { FrameSink } from '../live/frame-fanout';
import { bindMediaIpc, type MediaIpcMainLike, type PortLike } from './media-ipc';

class FakeIpcMain implements MediaIpcMainLike {
  listeners = new Map<string, (event: { reply(c: string, m: unknown, p: unknown[]): void }, ...args: unknown[]) => void>();
  on(channel: string, l: (event: { reply(c: string, m: unknown, p: unknown[]): void }, ...args: unknown[]) => void) {
    this.listeners.set(channel, l);
  }
  removeAllListeners(channel: string) {
    this.listeners.delete(channel);
  }
  open(requestId: number, sessionId: string): Promise<{ message: unknown; port: MessagePort }> {
    return new Promise((resolve) => {
      this.listeners.get(IPC_MEDIA_OPEN)!({ reply: (c, message, ports) => c === IPC_MEDIA_PORT && resolve({ message, port: ports[0] as MessagePort }) }, requestId, sessionId);
    });
  }
}

const ports: MessagePort[] = [];
afterEach(() => {
  while (ports.length) ports.pop()!.close();
});
const newChannel = () => {
  const ch = new MessageChannel();
  ports.push(ch.port1, ch.port2);
  return { port1: ch.port1 as unknown as PortLike, port2: ch.port2 };
};

function frame(sequence: number, keyframe: boolean) {
  return encodeFrame({ codec: 'h264', keyframe, configChanged: false, discontinuity: false, sequence, pts: sequence * 3600, width: 640, height: 360, codecString: 'avc1.42C01E' }, new Uint8Array([0, 0, 0, 1, 0x65]));
}

function nextMessage(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) => port.once('message', resolve));
}

describe('bindMediaIpc', () => {
  it('streams a session\'s frames over the port and applies acknowledgements as backpressure', async () => {
    let sink: FrameSink | undefined;
    let unsubscribed = 0;
    const ipc = new FakeIpcMain();
    bindMediaIpc(ipc, { subscribeFrames: (_id, s) => ((sink = s), { unsubscribe: () => void unsubscribed++, stats: () => ({}) as never }) }, newChannel, () => true);
    const { message, port } = await ipc.open(7, 'session-1');
    expect(message).toEqual({ requestId: 7 });
    sink!.send(frame(0, true));
    const got = (await nextMessage(port)) as Uint8Array;
    const decoded = decodeFrame(got);
    expect(decoded.ok && decoded.frame.sequence).toBe(0);
    expect(sink!.bufferedAmount).toBe(got.length);
    port.postMessage({ ack: 0 });
    await new Promise<void>((resolve) => {
      const poll = () => (sink!.bufferedAmount === 0 ? resolve() : setImmediate(poll));
      poll();
    });
    port.postMessage({ close: true });
    await new Promise<void>((resolve) => {
      const poll = () => (unsubscribed === 1 ? resolve() : setImmediate(poll));
      poll();
    });
  });

  it('ends the channel with a sentence when the session is not open', async () => {
    const ipc = new FakeIpcMain();
    bindMediaIpc(ipc, { subscribeFrames: () => undefined }, newChannel, () => true);
    const { port } = await ipc.open(1, 'gone');
    const end = (await nextMessage(port)) as { end: { code: number; reason: string } };
    expect(end.end.code).toBe(MEDIA_CLOSE.unknownSession);
    expect(end.end.reason).toMatch(/live session gone is not open/);
  });

  it('gives an untrusted sender (an iframe, another page) no port and subscribes nothing', () => {
    const ipc = new FakeIpcMain();
    let subscribed = 0;
    let replied = 0;
    bindMediaIpc(ipc, { subscribeFrames: () => (subscribed++, undefined) }, newChannel, () => false);
    ipc.listeners.get(IPC_MEDIA_OPEN)!({ reply: () => void replied++ }, 1, 'session-1');
    expect({ subscribed, replied }).toEqual({ subscribed: 0, replied: 0 });
  });
});
