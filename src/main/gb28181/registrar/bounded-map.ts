// A Map with a size cap for tables keyed by what peers send: entries are kept in order of last write, and
// writing past the cap drops the least recently written entry. Every operation is O(1).

export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Reads without changing the order. */
  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Writes and moves the entry to the newest end; past the cap the oldest entry goes. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.dropOldest();
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  /** The least recently written entry. */
  oldest(): [K, V] | undefined {
    const first = this.map.entries().next();
    return first.done ? undefined : first.value;
  }

  dropOldest(): void {
    const first = this.oldest();
    if (!first) return;
    this.map.delete(first[0]);
    this.onEvict?.(first[0], first[1]);
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}
