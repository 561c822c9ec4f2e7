// A double-ended queue on a ring of slots: push and take at either end in constant time (amortised over growing
// and shrinking), where Array#unshift moves every item. The ring doubles when full and halves when three quarters
// are empty, so a queue that held a storm's devices gives the memory back once they are done.

const MIN_CAPACITY = 16;

export class Deque<T> {
  private slots: (T | undefined)[] = new Array(MIN_CAPACITY);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.slots.length) this.resize(this.slots.length * 2);
    this.slots[(this.head + this.count) & (this.slots.length - 1)] = item;
    this.count++;
  }

  pushFront(item: T): void {
    if (this.count === this.slots.length) this.resize(this.slots.length * 2);
    this.head = (this.head - 1) & (this.slots.length - 1);
    this.slots[this.head] = item;
    this.count++;
  }

  /** The item at the front, left there. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.slots[this.head];
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.count--;
    if (this.slots.length > MIN_CAPACITY && this.count * 4 < this.slots.length) this.resize(this.slots.length / 2);
    return item;
  }

  clear(): void {
    this.slots = new Array(MIN_CAPACITY);
    this.head = 0;
    this.count = 0;
  }

  /** Capacity is a power of two, so an index wraps with a mask. */
  private resize(capacity: number): void {
    const next = new Array<T | undefined>(capacity);
    const mask = this.slots.length - 1;
    for (let i = 0; i < this.count; i++) next[i] = this.slots[(this.head + i) & mask];
    this.slots = next;
    this.head = 0;
  }
}
