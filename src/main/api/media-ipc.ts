// Live-view frames over an Electron MessagePort: the renderer asks for a session's frames on IPC_MEDIA_OPEN,
// main answers on IPC_MEDIA_PORT with one end of a fresh message channel and streams frames into the other.
// The renderer acknowledges each frame's sequence so the fan-out's backpressure works as with a WebSocket.
// Electron types stay out of this file: the shell passes in how to make a channel and how to reply.
import { IPC_MEDIA_OPEN, IPC_MEDIA_PORT, type MediaPortControl } from '../../shared/contract';
import { MEDIA_CLOSE } from '../../shared/media-frames';
import { AckWindowSink } from '../live/ack-window-sink';
import type { FrameSource } from './http/media-socket';

/** The parts of Electron's MessagePortMain (and Node's worker_threads MessagePort) used here. */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown } | unknown) => void): unknown;
  start?(): void;
  close(): void;
}

export interface MediaIpcMainLike {
  on(channel: string, listener: (event: { reply(channel: string, message: unknown, ports: unknown[]): void }, ...args: unknown[]) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

export function bindMediaIpc(
  ipcMain: MediaIpcMainLike,
  live: FrameSource,
  newChannel: () => { port1: PortLike; port2: unknown },
  /** The shell's sender check (electron-shell/ipc-sender.ts); an untrusted request gets no port at all. */
  isTrusted: (event: unknown) => boolean,
): () => void {
  const open = new Set<() => void>();
  ipcMain.on(IPC_MEDIA_OPEN, (event, requestId, sessionId) => {
    if (!isTrusted(event)) return;
    const { port1, port2 } = newChannel();
    let closed = false;
    const sink = new AckWindowSink({
      postMessage: (m) => port1.postMessage(m),
      close: (code, reason) => {
        if (closed) return;
        closed = true;
        port1.postMessage({ end: { code, reason } } satisfies MediaPortControl);
        port1.close();
      },
    });
    const sub = live.subscribeFrames(String(sessionId), sink);
    const end = () => {
      sub?.unsubscribe();
      open.delete(end);
      if (!closed) {
        closed = true;
        port1.close();
      }
    };
    port1.on('message', (e) => {
      const data = (e && typeof e === 'object' && 'data' in e ? (e as { data: unknown }).data : e) as MediaPortControl | undefined;
      if (data && 'ack' in data && typeof data.ack === 'number') sink.acknowledge(data.ack);
      else if (data && 'close' in data) end();
    });
    port1.start?.();
    event.reply(IPC_MEDIA_PORT, { requestId }, [port2]);
    if (!sub) sink.close(MEDIA_CLOSE.unknownSession, `live session ${String(sessionId)} is not open (it ended or never started)`);
    else open.add(end);
  });
  return () => {
    ipcMain.removeAllListeners(IPC_MEDIA_OPEN);
    for (const end of [...open]) end();
  };
}
