import { type RtpPacket, seqDiff } from './rtp-header';

export interface ReorderBufferOptions {
  /** Packets that may be held while waiting for a missing one (rounded up to a power of two); default 64. */
  window?: number;
  /** How long a gap may stay open before the missing packets are declared lost; default 100 ms. */
  maxDelayMs?: number;
}

export interface ReorderStats {
  /** Packets delivered in order. */
  delivered: number;
  /** Sequence numbers given up on. */
  lost: number;
  /** Packets that arrived after their turn had passed (dropped). */
  late: number;
  duplicates: number;
  /** Packets that arrived ahead of a missing one and were held. */
  reordered: number;
  /** Sequence number jumps treated as a sender restart (RFC 3550 A.1). */
  restarts: number;
}

/** RFC 3550 A.1 limits: a jump this far ahead, or this far behind, is a restart once confirmed. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/**
 * Puts RTP packets back in sequence order. In-order packets pass straight through; a packet ahead of a gap waits
 * until the gap fills, the window overflows, or the gap is older than maxDelayMs (then the gap counts as lost and
 * `onLoss` runs before the next packet is delivered). Sequence numbers wrap at 65536.
 */
export class RtpReorderBuffer {
  readonly stats: ReorderStats = { delivered: 0, lost: 0, late: 0, duplicates: 0, reordered: 0, restarts: 0 };
  private readonly size: number;
  private readonly mask: number;
  private readonly slots: (RtpPacket | undefined)[];
  private readonly arrivals: Float64Array;
  private readonly maxDelayMs: number;
  private expected = -1;
  private held = 0;
  private gapSince = 0;
  private badSeq = -1;

  constructor(
    private readonly onPacket: (p: RtpPacket) => void,
    private readonly onLoss: (count: number) => void,
    options: ReorderBufferOptions = {},
  ) {
    let size = 2;
    while (size < (options.window ?? 64)) size *= 2;
    this.size = size;
    this.mask = size - 1;
    this.slots = new Array(size).fill(undefined);
    this.arrivals = new Float64Array(size);
    this.maxDelayMs = options.maxDelayMs ?? 100;
  }

  /** Packets waiting for a missing one. */
  get heldCount(): number {
    return this.held;
  }

  /** When the oldest open gap expires (ms, same clock as push), or -1 when nothing is held. */
  get deadline(): number {
    return this.held > 0 ? this.gapSince + this.maxDelayMs : -1;
  }

  push(p: RtpPacket, nowMs: number): void {
    const seq = p.sequenceNumber;
    if (this.expected < 0) this.expected = seq;
    let d = seqDiff(this.expected, seq);
    if (d >= MAX_DROPOUT || d < -MAX_MISORDER) {
      if (seq !== this.badSeq) {
        this.badSeq = (seq + 1) & 0xffff;
        this.stats.late++;
        return;
      }
      this.restart(seq);
      d = 0;
    }
    this.badSeq = -1;
    if (d < 0) {
      this.stats.late++;
      return;
    }
    if (d === 0) {
      this.deliver(p);
      this.drain();
      if (this.held > 0) this.gapSince = this.oldestArrival();
      return;
    }
    if (d >= this.size) {
      this.skipTo((seq - this.size + 1) & 0xffff);
      this.drain();
      if (seq === this.expected) {
        this.deliver(p);
        this.drain();
        return;
      }
    }
    const slot = seq & this.mask;
    if (this.slots[slot]) {
      this.stats.duplicates++;
      return;
    }
    this.slots[slot] = p;
    this.arrivals[slot] = nowMs;
    if (this.held === 0) this.gapSince = nowMs;
    this.held++;
    this.stats.reordered++;
    this.poll(nowMs);
  }

  /** Gives up on gaps older than maxDelayMs. Call on a timer when `deadline` is set. */
  poll(nowMs: number): void {
    while (this.held > 0 && nowMs - this.gapSince >= this.maxDelayMs) {
      this.skipToNextHeld();
      this.drain();
      if (this.held > 0) this.gapSince = this.oldestArrival();
    }
  }

  /** Delivers everything held, declaring the gaps lost (end of stream). */
  flush(): void {
    while (this.held > 0) {
      this.skipToNextHeld();
      this.drain();
    }
  }

  /** Forget the sequence state (new SSRC): held packets are dropped. */
  reset(): void {
    this.slots.fill(undefined);
    this.held = 0;
    this.expected = -1;
    this.badSeq = -1;
  }

  private deliver(p: RtpPacket): void {
    this.expected = (p.sequenceNumber + 1) & 0xffff;
    this.stats.delivered++;
    this.onPacket(p);
  }

  private drain(): void {
    while (this.held > 0) {
      const slot = this.expected & this.mask;
      const p = this.slots[slot];
      if (!p || p.sequenceNumber !== this.expected) return;
      this.slots[slot] = undefined;
      this.held--;
      this.deliver(p);
    }
  }

  /** Advance `expected` to `target`, delivering held packets on the way and counting the holes as lost. */
  private skipTo(target: number): void {
    let missing = 0;
    while (this.expected !== target) {
      const slot = this.expected & this.mask;
      const p = this.slots[slot];
      if (p && p.sequenceNumber === this.expected) {
        if (missing > 0) this.lose(missing);
        missing = 0;
        this.slots[slot] = undefined;
        this.held--;
        this.deliver(p);
      } else {
        missing++;
        this.expected = (this.expected + 1) & 0xffff;
      }
    }
    if (missing > 0) this.lose(missing);
  }

  private skipToNextHeld(): void {
    let missing = 0;
    while (!this.slots[this.expected & this.mask] && missing < this.size) {
      missing++;
      this.expected = (this.expected + 1) & 0xffff;
    }
    if (missing > 0) this.lose(missing);
  }

  private lose(count: number): void {
    this.stats.lost += count;
    this.onLoss(count);
  }

  private restart(seq: number): void {
    this.flush();
    this.stats.restarts++;
    this.expected = seq;
    this.onLoss(0);
  }

  private oldestArrival(): number {
    let t = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.size; i++) if (this.slots[i] && this.arrivals[i] < t) t = this.arrivals[i];
    return t;
  }
}
