// The contract's events inside one process: features emit into it through their own narrow sink interfaces
// (gb28181/devices/events.ts, live/live-service.ts), and each shell forwards every event with onAny.
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import { Listeners } from '../../shared/listeners';

type Listener<E extends ApiEventName> = (payload: ApiEvents[E]) => void;
type AnyListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

const report = (err: unknown) => console.error('event listener failed:', err);

export class EventBus {
  private readonly byName = new Map<ApiEventName, Listeners<[unknown]>>();
  private readonly any = new Listeners<[ApiEventName, unknown]>(report);

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    this.byName.get(event)?.emit(payload);
    this.any.emit(event, payload);
  }

  on<E extends ApiEventName>(event: E, listener: Listener<E>): () => void {
    let list = this.byName.get(event);
    if (!list) this.byName.set(event, (list = new Listeners(report)));
    return list.add(listener as (payload: unknown) => void);
  }

  onAny(listener: AnyListener): () => void {
    return this.any.add(listener as (event: ApiEventName, payload: unknown) => void);
  }
}
