// Exposes only the contract's methods and events as window.gb; ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  isApiEvent,
  isApiMethod,
  type ApiEventName,
  type ApiEvents,
  type ApiMethodName,
  type GbBridge,
  type IpcResult,
  type ParamsOf,
  type ResultOf,
} from '../shared/contract';

const bridge = {
  async invoke<M extends ApiMethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    if (!isApiMethod(method)) throw new Error(`unknown API method "${String(method)}"`);
    const reply = (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, params)) as IpcResult<ResultOf<M>>;
    if (reply.ok) return reply.result;
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code, details: reply.error.details });
  },
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (!isApiEvent(event)) throw new Error(`unknown API event "${String(event)}"`);
    const handler = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
} satisfies GbBridge;

contextBridge.exposeInMainWorld('gb', bridge);
