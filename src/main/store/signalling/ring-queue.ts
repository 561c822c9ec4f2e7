// A fixed-capacity FIFO that drops its oldest item when full, so a stalled consumer never grows memory.

export class RingQueue<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private count = 0;
  /** Items dropped because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.capacity) {
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.dropped++;
    }
    this.slots[(this.head + this.count) % this.capacity] = item;
    this.count++;
  }

  /** Removes and returns up to n of the oldest items. */
  take(n: number): T[] {
    const k = Math.min(n, this.count);
    const out = new Array<T>(k);
    for (let i = 0; i < k; i++) {
      out[i] = this.slots[this.head] as T;
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= k;
    return out;
  }

  /** Puts items taken earlier back at the front, oldest first; those that no longer fit are dropped. */
  restore(items: readonly T[]): void {
    const room = this.capacity - this.count;
    const keep = items.length > room ? items.slice(items.length - room) : items;
    this.dropped += items.length - keep.length;
    for (let i = keep.length - 1; i >= 0; i--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.slots[this.head] = keep[i];
      this.count++;
    }
  }
}
