/** A small typed event emitter; a throwing listener never breaks the device. */
export class Emitter<E extends object> {
  private listeners = new Map<keyof E, Set<(v: never) => void>>();

  on<K extends keyof E>(name: K, fn: (v: E[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(fn as (v: never) => void);
    return () => set.delete(fn as (v: never) => void);
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
    const set = this.listeners.get(name);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (v: E[K]) => void)(value);
      } catch {
        // observers never break the device
      }
    }
  }
}
