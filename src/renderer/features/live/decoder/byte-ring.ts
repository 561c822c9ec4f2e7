// A byte pipe in shared memory between the page (one writer) and the decoder's worker (one reader): ffmpeg reads
// the stream as it arrives, blocking in its read until the page writes more, so each access unit is decoded when
// it comes instead of a group of pictures at a time. Needs SharedArrayBuffer (a cross-origin isolated page).

const WRITTEN = 0;
const READ = 1;
const CLOSED = 2;
const HEADER_BYTES = 16;

export const sharedMemoryAvailable = (): boolean => typeof SharedArrayBuffer === 'function';

export class ByteRing {
  private readonly head: Int32Array;
  private readonly bytes: Uint8Array;

  /** Wraps a buffer made by ByteRing.create (on either side of postMessage). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.head = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Capacity is rounded up to a power of two, so positions may wrap around 2^32. */
  static create(capacity: number): ByteRing {
    return new ByteRing(new SharedArrayBuffer(HEADER_BYTES + 2 ** Math.ceil(Math.log2(Math.max(capacity, 16)))));
  }

  get capacity(): number {
    return this.bytes.length;
  }

  /** Bytes written and not read yet. */
  get used(): number {
    return (Atomics.load(this.head, WRITTEN) - Atomics.load(this.head, READ)) >>> 0;
  }

  get closed(): boolean {
    return Atomics.load(this.head, CLOSED) !== 0;
  }

  /** Writes all of data, or nothing when it does not fit (the reader is behind) or the ring is closed. */
  write(data: Uint8Array): boolean {
    if (this.closed || data.length > this.capacity - this.used) return false;
    const w = Atomics.load(this.head, WRITTEN) >>> 0;
    const at = w % this.capacity;
    const first = Math.min(data.length, this.capacity - at);
    this.bytes.set(data.subarray(0, first), at);
    this.bytes.set(data.subarray(first), 0);
    Atomics.store(this.head, WRITTEN, (w + data.length) | 0);
    Atomics.notify(this.head, WRITTEN);
    return true;
  }

  /** No more writes: the reader gets what is left, then the end. */
  close(): void {
    Atomics.store(this.head, CLOSED, Math.max(Atomics.load(this.head, CLOSED), 1));
    Atomics.notify(this.head, WRITTEN);
  }

  /** No more writes, and what is left is of no use: the reader's next read is the end. */
  abandon(): void {
    Atomics.store(this.head, CLOSED, 2);
    Atomics.notify(this.head, WRITTEN);
  }

  /**
   * Reads up to `length` bytes into `into` at `offset`, waiting up to waitMs for some to arrive (Atomics.wait:
   * workers only). Returns the count, 0 at the end (closed and drained), or -1 when the wait ran out.
   */
  read(into: { set(a: ArrayLike<number>, offset?: number): void }, offset: number, length: number, waitMs: number): number {
    for (let waited = false; ; waited = true) {
      if (Atomics.load(this.head, CLOSED) === 2) return 0;
      const w = Atomics.load(this.head, WRITTEN);
      const r = Atomics.load(this.head, READ) >>> 0;
      const available = (w - r) >>> 0;
      if (available > 0) {
        const n = Math.min(available, length);
        const at = r % this.capacity;
        const first = Math.min(n, this.capacity - at);
        into.set(this.bytes.subarray(at, at + first), offset);
        if (n > first) into.set(this.bytes.subarray(0, n - first), offset + first);
        Atomics.store(this.head, READ, (r + n) | 0);
        return n;
      }
      if (this.closed) return 0;
      if (waited) return -1;
      Atomics.wait(this.head, WRITTEN, w, waitMs);
    }
  }
}
