import type { ApiEventName, ApiEvents } from '../../shared/contract';

type Listener<E extends ApiEventName> = (payload: ApiEvents[E]) => void;
type AnyListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** Typed events of the contract; both shells subscribe with onAny and forward every event. */
export class EventBus {
  private readonly listeners = new Map<ApiEventName, Set<Listener<ApiEventName>>>();
  private readonly anyListeners = new Set<AnyListener>();

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) safeCall(() => (l as Listener<E>)(payload));
    for (const l of this.anyListeners) safeCall(() => l(event, payload));
  }

  on<E extends ApiEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<ApiEventName>);
    return () => set.delete(listener as Listener<ApiEventName>);
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('event listener failed:', err);
  }
}
