// The event stream's frames in buffers kept for reuse. A storm sends the console tens of megabytes of device and
// channel events in frames of a few hundred kilobytes; `Buffer.from(text)` maps fresh memory for each one and
// sizes it three bytes a character before shrinking it, and those page faults cost several times the encoding
// itself on the main thread. A frame here is written into a buffer that an earlier frame gave back once every
// socket it went to had written it out.

/** A frame's bytes, lent out until each holder (the encoder and every socket it is sent on) has let go. */
export interface Frame {
  readonly data: Buffer;
  /** One more holder; the returned function lets go (once; later calls do nothing). */
  hold(): () => void;
  /** The encoder lets go. */
  release(): void;
}

/** Frames this small are plain buffers: memory already mapped serves them (Node's pool below 4 KiB, the C heap above). */
const POOLED_FROM = 16 * 1024;

export class FrameBuffers {
  private readonly free: Buffer[] = [];
  private freeBytes = 0;

  /**
   * `maxFreeBytes` bounds what is kept between frames; a buffer larger than `maxBufferBytes` is never kept (a
   * once-off frame does not pin its memory).
   */
  constructor(
    private readonly maxFreeBytes = 8 * 1024 * 1024,
    private readonly maxBufferBytes = 4 * 1024 * 1024,
  ) {}

  /** Buffers waiting to be reused and their bytes (tests, stats). */
  get kept(): { buffers: number; bytes: number } {
    return { buffers: this.free.length, bytes: this.freeBytes };
  }

  encode(text: string): Frame {
    const length = Buffer.byteLength(text);
    if (length < POOLED_FROM) return unpooled(Buffer.from(text));
    const buffer = this.take(length);
    buffer.write(text);
    return new PooledFrame(buffer, length, (b) => this.give(b));
  }

  private take(length: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i].length;
      if (size >= length && (best < 0 || size < this.free[best].length)) best = i;
    }
    if (best < 0) return Buffer.allocUnsafeSlow(Math.max(POOLED_FROM, 2 ** Math.ceil(Math.log2(length))));
    const [buffer] = this.free.splice(best, 1);
    this.freeBytes -= buffer.length;
    return buffer;
  }

  private give(buffer: Buffer): void {
    if (buffer.length > this.maxBufferBytes) return;
    // Room is made by letting the smallest go: the larger ones are the costly ones to map again.
    this.free.push(buffer);
    this.freeBytes += buffer.length;
    this.free.sort((a, b) => b.length - a.length);
    while (this.freeBytes > this.maxFreeBytes) this.freeBytes -= this.free.pop()!.length;
  }
}

class PooledFrame implements Frame {
  readonly data: Buffer;
  private holders = 1;

  constructor(
    private readonly buffer: Buffer,
    length: number,
    private readonly giveBack: (buffer: Buffer) => void,
  ) {
    this.data = buffer.subarray(0, length);
  }

  hold(): () => void {
    this.holders++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.letGo();
    };
  }

  release(): void {
    this.letGo();
  }

  private letGo(): void {
    if (--this.holders === 0) this.giveBack(this.buffer);
  }
}

const NOTHING = (): void => undefined;

function unpooled(data: Buffer): Frame {
  return { data, hold: () => NOTHING, release: NOTHING };
}
