// A Map with a size cap for tables keyed by what peers send: entries are kept in order of last write, and
// writing past the cap drops the least recently written entry. Every operation is O(1): the order is a linked
// list, not the Map's own, because V8 reaches a Map's first entry by stepping over every slot deleted before it
// (a full table under a flood of new sources would scan thousands of slots per packet).

interface Node<K, V> {
  key: K;
  value: V;
  older: Node<K, V> | null;
  newer: Node<K, V> | null;
}

export class BoundedMap<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  private oldestNode: Node<K, V> | null = null;
  private newestNode: Node<K, V> | null = null;

  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Reads without changing the order. An empty table does not hash the key (a lockout table is empty until a wrong password). */
  get(key: K): V | undefined {
    return this.map.size === 0 ? undefined : this.map.get(key)?.value;
  }

  /** Writes and moves the entry to the newest end; past the cap the oldest entry goes. */
  set(key: K, value: V): void {
    const held = this.map.get(key);
    if (held) {
      held.value = value;
      this.unlink(held);
      this.append(held);
      return;
    }
    const node: Node<K, V> = { key, value, older: null, newer: null };
    this.map.set(key, node);
    this.append(node);
    if (this.map.size > this.max) this.dropOldest();
  }

  delete(key: K): boolean {
    if (this.map.size === 0) return false;
    const node = this.map.get(key);
    if (!node) return false;
    this.map.delete(key);
    this.unlink(node);
    return true;
  }

  /** The least recently written entry. */
  oldest(): [K, V] | undefined {
    const n = this.oldestNode;
    return n ? [n.key, n.value] : undefined;
  }

  dropOldest(): void {
    const n = this.oldestNode;
    if (!n) return;
    this.map.delete(n.key);
    this.unlink(n);
    this.onEvict?.(n.key, n.value);
  }

  /** Oldest first. */
  *entries(): IterableIterator<[K, V]> {
    for (let n = this.oldestNode; n; n = n.newer) yield [n.key, n.value];
  }

  private append(n: Node<K, V>): void {
    n.older = this.newestNode;
    n.newer = null;
    if (this.newestNode) this.newestNode.newer = n;
    else this.oldestNode = n;
    this.newestNode = n;
  }

  private unlink(n: Node<K, V>): void {
    if (n.older) n.older.newer = n.newer;
    else this.oldestNode = n.newer;
    if (n.newer) n.newer.older = n.older;
    else this.newestNode = n.older;
    n.older = n.newer = null;
  }
}
