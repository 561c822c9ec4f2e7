// The headless shell's transport: POST /api/<method> and a WebSocket at /api/events on the page's own origin.
import { OPT_IN_EVENTS, isOptInEvent, type ApiEventName, type ApiEvents, type ApiMethodName, type EventListenFrame, type GbBridge, type ParamsOf, type ResultOf } from '../../shared/contract';
import { authHeaders, refreshApiToken, saveApiToken, socketProtocols } from './api-token';
import type { ServerText } from '../../shared/texts';

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: Record<string, string>,
    /** The message as a code and parameters, worded by the console in its language. */
    readonly text?: ServerText,
  ) {
    super(message);
  }
}

export { apiToken, saveApiToken } from './api-token';

export function createHttpBridge(origin = window.location.origin): GbBridge {
  type Listener = (payload: unknown) => void;
  // Names this page to the server: when its event socket closes, a PTZ move it started is stopped.
  // (getRandomValues, not randomUUID: a console opened over plain HTTP from another computer is not a secure context)
  const clientId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryMs = 500;

  const connect = () => {
    const url = new URL('/api/events', origin);
    url.searchParams.set('client', clientId);
    // Events arrive as arrays of up to 128, a frame a turn in a storm (a device's state events collapsed in each batch).
    url.searchParams.set('batch', '1');
    // Opt-in events (the live log) only while something here listens for them.
    url.searchParams.set('optin', '1');
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url, socketProtocols());
    socket.onmessage = (msg) => {
      type Sent = { event: string; payload: unknown };
      const data = JSON.parse(String(msg.data)) as Sent | Sent[];
      for (const { event, payload } of Array.isArray(data) ? data : [data]) {
        for (const l of listeners.get(event) ?? []) {
          try {
            l(payload);
          } catch (err) {
            console.error(`listener for ${event} failed`, err);
          }
        }
      }
    };
    socket.onopen = () => {
      retryMs = 500;
      const listen = OPT_IN_EVENTS.filter((e) => (listeners.get(e)?.size ?? 0) > 0);
      if (listen.length > 0) sendFrame({ listen });
    };
    socket.onclose = () => {
      socket = null;
      const wait = retryMs;
      retryMs = Math.min(retryMs * 2, 10_000);
      // Refused, or cut off after a token rotation: the page may hold a newer token by now.
      void refreshApiToken(origin).then(() => setTimeout(connect, wait));
    };
  };

  const sendFrame = (frame: EventListenFrame) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };

  const post = (method: string, params: unknown) =>
    fetch(new URL(`/api/${method}`, origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gb-client': clientId, ...authHeaders() },
      body: JSON.stringify(params ?? {}),
    });

  return {
    async invoke<M extends ApiMethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      let res = await post(method, params);
      if (res.status === 401 && (await refreshApiToken(origin))) res = await post(method, params);
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const err = body?.error ?? { code: 'internal', message: `HTTP ${res.status}` };
        throw new ApiCallError(err.message, err.code, err.details, err.text);
      }
      if (method === 'settings.rotateToken') saveApiToken((body as ResultOf<'settings.rotateToken'>).apiToken);
      return body as ResultOf<M>;
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      if (!socket) connect();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      if (set.size === 0 && isOptInEvent(event)) sendFrame({ listen: [event] });
      set.add(listener as Listener);
      return () => {
        if (set.delete(listener as Listener) && set.size === 0 && isOptInEvent(event)) sendFrame({ unlisten: [event] });
      };
    },
  };
}
