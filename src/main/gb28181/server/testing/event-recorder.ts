// The events a feature under test emits, kept in order, with a wait for the next one that matches. Stands where
// the core's event bus stands: features emit into it through their own narrow sinks (GbEventSink, live's).
import type { ApiEventName, ApiEvents } from '../../../../shared/contract';
import { Listeners } from '../../../../shared/listeners';

const report = (err: unknown) => console.error('event listener failed:', err);

export class EventRecorder {
  /** Every event emitted, in order. */
  readonly seen: Array<{ name: ApiEventName; payload: unknown }> = [];
  private readonly byName = new Map<ApiEventName, Listeners<[unknown]>>();

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    this.seen.push({ name: event, payload });
    this.byName.get(event)?.emit(payload);
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let list = this.byName.get(event);
    if (!list) this.byName.set(event, (list = new Listeners(report)));
    return list.add(listener as (payload: unknown) => void);
  }

  /** The next `name` event for which `pred` holds, or a rejection after `timeoutMs`. */
  next<E extends ApiEventName>(name: E, pred: (p: ApiEvents[E]) => boolean = () => true, timeoutMs = 3000): Promise<ApiEvents[E]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${name} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(name, (p) => {
        if (!pred(p)) return;
        clearTimeout(timer);
        off();
        resolve(p);
      });
    });
  }
}
