import type { ApiEventName, ApiEvents } from '../../shared/contract';

export type AnyApiEventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** What a transport (IPC, WebSocket) needs to forward the contract's events: all of them, in order. */
export interface ApiEventSource {
  onAny(listener: AnyApiEventListener): () => void;
}
