// The headless shell's transport: POST /api/<method> and a WebSocket at /api/events on the page's own origin.
import type { ApiEventName, ApiEvents, ApiMethodName, GbBridge, ParamsOf, ResultOf } from '../../shared/contract';

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'gb.apiToken';

/** A token passed as #token=... in the console URL is kept for later visits. */
export function apiToken(): string | null {
  const match = /token=([^&]+)/.exec(window.location.hash);
  if (match) {
    localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return localStorage.getItem(TOKEN_KEY);
}

export function saveApiToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function createHttpBridge(origin = window.location.origin): GbBridge {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryMs = 500;

  const connect = () => {
    const token = apiToken();
    const url = new URL('/api/events', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (token) url.searchParams.set('token', token);
    socket = new WebSocket(url);
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      for (const l of listeners.get(event) ?? []) l(payload);
    };
    socket.onopen = () => {
      retryMs = 500;
    };
    socket.onclose = () => {
      socket = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };

  return {
    async invoke<M extends ApiMethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = apiToken();
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(new URL(`/api/${method}`, origin), { method: 'POST', headers, body: JSON.stringify(params ?? {}) });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const err = body?.error ?? { code: 'internal', message: `HTTP ${res.status}` };
        throw new ApiCallError(err.message, err.code, err.details);
      }
      return body as ResultOf<M>;
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      if (!socket) connect();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
}
