// Binds the contract to Electron IPC through an injected IpcMainLike, so this file (and its test)
// never import electron.
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_LISTEN_CHANNEL, OPT_IN_EVENTS, isOptInEvent, type IpcResult, type OptInEventName } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { ApiEventSource } from './events';
import { dispatch, type ApiCaller, type ApiHandlers } from './handlers';
import type { OptInDemand } from './http/event-stream';
import { parseListenFrame } from './listen-frame';

export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface IpcOptions {
  /** The calling window as an API client (a PTZ move it starts is stopped when it reloads or closes). */
  callerOf?: (event: unknown) => ApiCaller | undefined;
  /** Whether the window listens for an opt-in event (1) or not (0), as the HTTP shell reports its clients. */
  onOptInDemand?: OptInDemand;
}

export interface IpcBinding {
  /** The window's page went away (reload, navigation, close): the new page listens for nothing yet. */
  pageGone(): void;
  unbind(): void;
}

/**
 * The console window gets every event except the opt-in ones (shared/contract.ts OPT_IN_EVENTS, the live log),
 * which it gets only between the listen and unlisten frames its preload sends, as an ?optin=1 client does over
 * HTTP.
 */
export function bindIpc(
  ipcMain: IpcMainLike,
  handlers: ApiHandlers,
  events: ApiEventSource,
  sendToRenderer: (channel: string, payload: unknown) => void,
  /** The shell's check that a call comes from the app's own window and page (electron-shell/ipc-sender.ts). */
  isTrusted: (event: unknown) => boolean,
  opts: IpcOptions = {},
): IpcBinding {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method, params): Promise<IpcResult<unknown>> => {
    if (!isTrusted(event)) return { ok: false, error: { code: 'forbidden', message: 'only the console window may call the API' } };
    try {
      return { ok: true, result: await dispatch(handlers, String(method), params, opts.callerOf?.(event)) };
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError('internal', String(err));
      return { ok: false, error: apiErr.toBody() };
    }
  });

  const listening = new Set<OptInEventName>();
  const stopListening = (event: OptInEventName) => {
    if (listening.delete(event)) opts.onOptInDemand?.(event, 0);
  };
  const onListen = (event: unknown, frame: unknown) => {
    if (!isTrusted(event) || typeof frame !== 'string') return;
    const parsed = parseListenFrame(frame, false);
    if ('refused' in parsed) return;
    for (const e of parsed.listen) {
      if (listening.has(e)) continue;
      listening.add(e);
      opts.onOptInDemand?.(e, 1);
    }
    for (const e of parsed.unlisten) stopListening(e);
  };
  ipcMain.on(IPC_LISTEN_CHANNEL, onListen);
  for (const e of OPT_IN_EVENTS) opts.onOptInDemand?.(e, 0);

  const unsubscribe = events.onAny((event, payload) => {
    if (isOptInEvent(event) && !listening.has(event)) return;
    sendToRenderer(IPC_EVENT_CHANNEL, { event, payload });
  });
  return {
    pageGone: () => {
      for (const e of [...listening]) stopListening(e);
    },
    unbind: () => {
      unsubscribe();
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
      ipcMain.removeListener(IPC_LISTEN_CHANNEL, onListen);
    },
  };
}
