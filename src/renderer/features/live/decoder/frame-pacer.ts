// Pictures from the WebAssembly decoder come a group at a time; this hands them on at the pace of their
// timestamps, so a tile shows motion rather than a burst and a pause. A picture that is late, or a jump in the
// timestamps, starts the schedule again from now.

const LATE_MS = 100;
const FAR_MS = 5000;

export class FramePacer<T> {
  private queue: { due: number; item: T }[] = [];
  private anchor: { wall: number; micros: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly show: (item: T) => void,
    private readonly drop: (item: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.queue.length;
  }

  push(micros: number, item: T): void {
    const now = this.now();
    let due = this.anchor ? this.anchor.wall + (micros - this.anchor.micros) / 1000 : now;
    if (!this.anchor || due < now - LATE_MS || due > now + FAR_MS) {
      this.anchor = { wall: now, micros };
      due = now;
    }
    this.queue.push({ due, item });
    this.arm();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.anchor = null;
    for (const q of this.queue.splice(0)) this.drop(q.item);
  }

  private arm(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = this.now();
      while (this.queue.length > 0 && this.queue[0].due <= now + 1) this.show(this.queue.shift()!.item);
      this.arm();
    }, Math.max(0, this.queue[0].due - this.now()));
  }
}
