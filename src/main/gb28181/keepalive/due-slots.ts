// Device IDs grouped by the instant their check falls due, with one timer for the earliest instant: 10,000
// devices' deadlines cost one armed timer, not one each (each a Node timer object, and each distinct wait a Node
// timer list of its own). An instant's devices are handed over together, in the order they were added.
import type { Clock, TimerHandle } from '../../sip/timers/clock';

/** A timer never waits longer than this; a later instant is waited for in steps (setTimeout overflows past 2^31 ms). */
export const MAX_WAIT_MS = 6 * 3600_000;

export class DueSlots {
  private readonly slots = new Map<number, Set<string>>();
  /** Min-heap of the slots' instants; an instant whose slot has emptied stays until popped or compacted away. */
  private heap: number[] = [];
  private timer: TimerHandle | undefined;
  private timerDue = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (ids: string[]) => void,
  ) {}

  /** Instants with devices waiting (for tests and stats). */
  get instants(): number {
    return this.slots.size;
  }

  /** `at` NaN (a deadline computed from a value that was not a number) never falls due, and cannot unorder the heap. */
  add(id: string, at: number): void {
    if (Number.isNaN(at)) at = Number.POSITIVE_INFINITY;
    let slot = this.slots.get(at);
    if (!slot) {
      slot = new Set();
      this.slots.set(at, slot);
      this.push(at);
    }
    slot.add(id);
    if (at < this.timerDue) this.armFor(at);
  }

  remove(id: string, at: number): void {
    if (Number.isNaN(at)) at = Number.POSITIVE_INFINITY;
    const slot = this.slots.get(at);
    if (!slot?.delete(id) || slot.size > 0) return;
    this.slots.delete(at);
    // Keeps the heap bounded by the live slots when devices keep moving to other instants.
    if (this.heap.length > 2 * this.slots.size + 64) this.heap = heapOf([...this.slots.keys()]);
  }

  clear(): void {
    this.slots.clear();
    this.heap = [];
    this.disarm();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    const due: string[] = [];
    while (this.heap.length > 0 && this.heap[0] <= now) {
      const at = this.pop();
      const slot = this.slots.get(at);
      if (!slot) continue;
      this.slots.delete(at);
      for (const id of slot) due.push(id);
    }
    // Re-armed before the hand-over: what onDue adds arms the timer only if earlier than what is left.
    this.armNext();
    if (due.length > 0) this.onDue(due);
  }

  private armNext(): void {
    while (this.heap.length > 0 && !this.slots.has(this.heap[0])) this.pop();
    if (this.heap.length > 0) this.armFor(this.heap[0]);
  }

  private armFor(at: number): void {
    this.disarm();
    this.timerDue = at;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, at - this.clock.now()));
    this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  private push(at: number): void {
    const h = this.heap;
    let i = h.push(at) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent] <= at) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = at;
  }

  private pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) siftDown(h, 0, last);
    return top;
  }
}

function siftDown(h: number[], from: number, value: number): void {
  let i = from;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= h.length) break;
    if (child + 1 < h.length && h[child + 1] < h[child]) child++;
    if (h[child] >= value) break;
    h[i] = h[child];
    i = child;
  }
  h[i] = value;
}

function heapOf(values: number[]): number[] {
  for (let i = (values.length >> 1) - 1; i >= 0; i--) siftDown(values, i, values[i]);
  return values;
}
