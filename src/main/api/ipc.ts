// Binds the contract to Electron IPC through an injected IpcMainLike, so this file (and its test)
// never import electron.
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type IpcResult } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { ApiEventSource } from './events';
import { dispatch, type ApiCaller, type ApiHandlers } from './handlers';

export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function bindIpc(
  ipcMain: IpcMainLike,
  handlers: ApiHandlers,
  events: ApiEventSource,
  sendToRenderer: (channel: string, payload: unknown) => void,
  /** The shell's check that a call comes from the app's own window and page (electron-shell/ipc-sender.ts). */
  isTrusted: (event: unknown) => boolean,
  /** The calling window as an API client (a PTZ move it starts is stopped when it reloads or closes). */
  callerOf?: (event: unknown) => ApiCaller | undefined,
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method, params): Promise<IpcResult<unknown>> => {
    if (!isTrusted(event)) return { ok: false, error: { code: 'forbidden', message: 'only the console window may call the API' } };
    try {
      return { ok: true, result: await dispatch(handlers, String(method), params, callerOf?.(event)) };
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
