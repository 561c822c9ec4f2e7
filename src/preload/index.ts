// Exposes only the contract's methods and events as window.gb; ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_LISTEN_CHANNEL,
  IPC_MEDIA_OPEN,
  IPC_MEDIA_PORT,
  isApiEvent,
  isApiMethod,
  type ApiEventName,
  type ApiEvents,
  type ApiMethodName,
  type GbBridge,
  type GbMediaBridge,
  type IpcResult,
  type MediaHandlers,
  type MediaPortControl,
  type ParamsOf,
  type ResultOf,
} from '../shared/contract';
import { optInListeners } from './opt-in-listeners';

let mediaRequests = 0;
// Main sends an opt-in event (the live log) only while this page listens for it (main/api/ipc.ts).
const optIn = optInListeners((frame) => ipcRenderer.send(IPC_LISTEN_CHANNEL, JSON.stringify(frame)));

/** The renderer-side MessagePort as used here (the preload is typechecked without the DOM library). */
interface RendererPort {
  postMessage(message: unknown): void;
  close(): void;
  start(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
}

const bridge = {
  async invoke<M extends ApiMethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    if (!isApiMethod(method)) throw new Error(`unknown API method "${String(method)}"`);
    const reply = (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, params)) as IpcResult<ResultOf<M>>;
    if (reply.ok) return reply.result;
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code, details: reply.error.details, text: reply.error.text });
  },
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (!isApiEvent(event)) throw new Error(`unknown API event "${String(event)}"`);
    const handler = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    const optedOut = optIn.added(event);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
      optedOut();
    };
  },
  openMedia(sessionId: string, handlers: MediaHandlers): () => void {
    const requestId = ++mediaRequests;
    let port: RendererPort | null = null;
    let closed = false;
    const onPort = (event: Electron.IpcRendererEvent, message: { requestId: number }) => {
      if (message.requestId !== requestId) return;
      ipcRenderer.removeListener(IPC_MEDIA_PORT, onPort);
      port = event.ports[0] as unknown as RendererPort;
      if (closed) return port.close();
      port.onmessage = (e) => {
        const data = e.data as Uint8Array | MediaPortControl;
        if (data instanceof Uint8Array) {
          handlers.onFrame(data);
          // Acknowledge by sequence number (bytes 8-11 of the frame header) so main can apply backpressure.
          if (data.length >= 12) port?.postMessage({ ack: new DataView(data.buffer, data.byteOffset, 12).getUint32(8) } satisfies MediaPortControl);
        } else if ('end' in data) {
          handlers.onEnd(data.end.code, data.end.reason);
          port?.close();
        }
      };
      port.start();
    };
    ipcRenderer.on(IPC_MEDIA_PORT, onPort);
    ipcRenderer.send(IPC_MEDIA_OPEN, requestId, sessionId);
    return () => {
      closed = true;
      port?.postMessage({ close: true } satisfies MediaPortControl);
      port?.close();
    };
  },
} satisfies GbBridge & GbMediaBridge;

contextBridge.exposeInMainWorld('gb', bridge);
