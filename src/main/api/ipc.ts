// Binds the contract to Electron IPC through an injected IpcMainLike, so this file (and its test)
// never import electron.
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type IpcResult } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { ApiEventSource } from './events';
import { dispatch, type ApiHandlers } from './handlers';

export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function bindIpc(
  ipcMain: IpcMainLike,
  handlers: ApiHandlers,
  events: ApiEventSource,
  sendToRenderer: (channel: string, payload: unknown) => void,
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (_event, method, params): Promise<IpcResult<unknown>> => {
    try {
      return { ok: true, result: await dispatch(handlers, String(method), params) };
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError('internal', String(err));
      return { ok: false, error: apiErr.toBody() };
    }
  });
  const unsubscribe = events.onAny((event, payload) => sendToRenderer(IPC_EVENT_CHANNEL, { event, payload }));
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
