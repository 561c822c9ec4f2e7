import { Listeners } from '../../shared/listeners';

/** A small typed event emitter; a throwing listener never breaks the device. */
export class Emitter<E extends object> {
  private readonly listeners = new Map<keyof E, Listeners<[never]>>();

  on<K extends keyof E>(name: K, fn: (v: E[K]) => void): () => void {
    let list = this.listeners.get(name);
    if (!list) {
      // observers never break the device
      list = new Listeners<[never]>(() => {});
      this.listeners.set(name, list);
    }
    return list.add(fn as (v: never) => void);
  }

  /** The next `name` event satisfying `match`, or a rejection after `timeoutMs`. */
  next<K extends keyof E>(name: K, timeoutMs: number, match: (v: E[K]) => boolean = () => true): Promise<E[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${String(name)} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(name, (v) => {
        if (!match(v)) return;
        clearTimeout(timer);
        off();
        resolve(v);
      });
    });
  }

  emit<K extends keyof E>(name: K, value: E[K]): void {
    this.listeners.get(name)?.emit(value as never);
  }
}
