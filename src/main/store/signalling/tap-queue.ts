// The tap as the SIP thread runs it when the log is written on its own thread: each message's bytes and socket
// facts are copied into the current batch buffer and nothing else happens here. A batch is handed over when full,
// and otherwise as its pace says: at the end of each turn of the event loop ('turn'), when the owner calls
// handOver() ('owner'), or on the queue's own timer ('held'): a batch goes once it has held holdMessages for up to
// tickMs, or once its oldest message has waited holdMs. The writer thread gathers a trickle for about a second
// before it commits (commit-pacer.ts), so a site's keepalives held here that long wake it once a second, while a
// storm's batches go every tickMs. The timer is armed only while a batch is open: an idle server is not woken.
// Messages not yet acknowledged by the writer are bounded by count and bytes, so a stalled writer never grows this
// thread's memory. Past either bound a batch goes to the overflow (the spool file, spool-file.ts), and so does every
// later one until the writer has taken all the overflow holds, which keeps the order; without an overflow, or when
// it refuses, messages are shed and counted.
import type { SignallingRecord, SignallingTap } from '../../sip/tap';
import { systemClock, type Clock, type TimerHandle } from '../../sip/timers/clock';
import { Deque } from '../../../shared/deque';
import { packRecord, packedSize } from './record-batch';
import { isKeepAlive } from './scan';

export interface TapQueueOptions {
  /** Messages handed over but not yet acknowledged, plus those in the open batch, at most. */
  maxMessages?: number;
  maxBytes?: number;
  /** A batch is handed over at this many messages even before the turn of the event loop ends. */
  batchMessages?: number;
  /** When a batch that is not full goes (see the top of this file). Default 'turn'. */
  pace?: 'turn' | 'owner' | 'held';
  /** With pace 'held', a batch goes tickMs after it reached this many messages (default 250)... */
  holdMessages?: number;
  tickMs?: number;
  /** ...or once its oldest message has waited this long (ms, default 900). */
  holdMs?: number;
  /** Milliseconds of a monotonic clock (tests inject one). */
  now?: () => number;
  /** The timer of pace 'held' (tests inject one). */
  timers?: HoldTimers;
  /** Where batches past the bounds go instead of being shed. */
  overflow?: BatchOverflow;
}

/** Receives a batch: its buffer (transferable), the bytes used, the number of messages in it and how long (ms) its oldest waited here. */
export type BatchSink = (buf: ArrayBuffer, end: number, count: number, heldMs: number) => void;
/** Takes a batch past the bounds out of memory; false when it cannot (the batch is shed). */
export type BatchOverflow = (buf: ArrayBuffer, end: number, count: number) => boolean;

export type HoldTimers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

const MIN_BATCH_BYTES = 16 * 1024;
/** A held batch's buffer grows up to this size (250 keepalives take about 120 KB). */
const MAX_HELD_BYTES = 1024 * 1024;

export class TapQueue implements SignallingTap {
  private buf: Buffer | null = null;
  private pos = 0;
  private count = 0;
  private inFlight = 0;
  private inFlightBytes = 0;
  private scheduled = false;
  private stopped = false;
  private readonly maxMessages: number;
  private readonly maxBytes: number;
  private readonly batchMessages: number;
  private readonly pace: 'turn' | 'owner' | 'held';
  private readonly holdMessages: number;
  private readonly holdMs: number;
  private readonly tickMs: number;
  private readonly now: () => number;
  private readonly timers: HoldTimers;
  /** Pace 'held': the open batch's hand-over timer, and when it fires. */
  private holdTimer: TimerHandle | null = null;
  private holdDueAt = 0;
  private readonly overflow: BatchOverflow | null;
  /** When the open batch took its first message. */
  private openedAt = 0;
  /**
   * Batches handed over or spilled and not yet acknowledged, oldest first (the writer takes them in that order):
   * the messages each still holds and when its first arrived.
   */
  private readonly waiting = new Deque<{ count: number; openedAt: number }>();
  /** Messages the tap saw (CRLF keep-alives excluded). */
  received = 0;
  /** Messages shed because the bound was reached. */
  dropped = 0;
  /** Messages given to the overflow and not yet acknowledged. */
  spilled = 0;
  keepAlivesSkipped = 0;

  constructor(
    private readonly sink: BatchSink,
    options: TapQueueOptions = {},
    private readonly onReceived: () => void = () => {},
  ) {
    this.maxMessages = options.maxMessages ?? 50_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.batchMessages = options.batchMessages ?? 1000;
    this.pace = options.pace ?? 'turn';
    this.holdMessages = options.holdMessages ?? 250;
    this.holdMs = options.holdMs ?? 900;
    this.tickMs = options.tickMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.timers = options.timers ?? systemClock;
    this.overflow = options.overflow ?? null;
  }

  /** Messages waiting: in the open batch or handed over and not yet acknowledged. */
  get queued(): number {
    return this.inFlight + this.count + this.spilled;
  }

  /** The SIP receive/send path calls this: a copy into the open batch, never throws. */
  onMessage(rec: SignallingRecord): void {
    if (this.stopped) return;
    try {
      // CRLF keep-alives (RFC 5626 §3.5.1) are not messages.
      if (isKeepAlive(rec.raw)) {
        this.keepAlivesSkipped++;
        return;
      }
      this.received++;
      this.onReceived();
      const size = packedSize(rec);
      // With an overflow the bounds are applied to whole batches as they are handed over.
      if (!this.overflow && (this.queued >= this.maxMessages || this.inFlightBytes + this.pos + size > this.maxBytes)) {
        this.dropped++;
        return;
      }
      if (this.buf && this.pos + size > this.buf.length) {
        // A trickle being held grows its buffer; a storm's full buffer goes at once.
        if (this.pace !== 'turn' && this.count < this.holdMessages && this.buf.length < MAX_HELD_BYTES) this.grow(this.pos + size);
        else this.handOver();
      }
      if (!this.buf) this.buf = Buffer.from(new ArrayBuffer(Math.max(MIN_BATCH_BYTES, size)));
      if (this.count === 0) this.openedAt = this.now();
      this.pos = packRecord(this.buf, this.pos, rec);
      this.count++;
      if (this.count >= this.batchMessages) this.handOver();
      else if (this.pace === 'held') {
        if (this.count === 1) this.holdUntil(this.openedAt + this.holdMs);
        else if (this.count === this.holdMessages) this.holdUntil(Math.min(this.holdDueAt, this.now() + this.tickMs));
      } else if (this.pace === 'turn' && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.handOver();
        });
      }
    } catch {
      // logging must never disturb signalling
    }
  }

  private grow(need: number): void {
    let size = this.buf!.length * 2;
    while (size < need) size *= 2;
    const bigger = Buffer.from(new ArrayBuffer(size));
    this.buf!.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** (Re)arms the open batch's hand-over timer to fire at `at`. */
  private holdUntil(at: number): void {
    if (this.holdTimer !== null) {
      if (at === this.holdDueAt) return;
      this.timers.clearTimeout(this.holdTimer);
    }
    this.holdDueAt = at;
    this.holdTimer = this.timers.setTimeout(
      () => {
        this.holdTimer = null;
        this.handOver();
      },
      Math.max(0, at - this.now()),
    );
  }

  /** Hands the open batch to the sink now. */
  handOver(): void {
    if (this.holdTimer !== null) {
      this.timers.clearTimeout(this.holdTimer);
      this.holdTimer = null;
    }
    if (!this.buf || this.count === 0) return;
    const { buf, pos, count, openedAt } = this;
    const heldMs = Math.max(0, this.now() - openedAt);
    this.buf = null;
    this.pos = 0;
    this.count = 0;
    if (this.overflow && (this.spilled > 0 || this.inFlight + count > this.maxMessages || this.inFlightBytes + pos > this.maxBytes)) {
      if (this.overflow(buf.buffer as ArrayBuffer, pos, count)) {
        this.spilled += count;
        this.waiting.push({ count, openedAt });
      } else this.dropped += count;
      return;
    }
    this.inFlight += count;
    this.inFlightBytes += pos;
    // Before the sink, which may acknowledge at once (no writer: the batch is shed).
    this.waiting.push({ count, openedAt });
    this.sink(buf.buffer as ArrayBuffer, pos, count, heldMs);
  }

  /** How long the oldest message the writer has not acknowledged yet has waited (ms); 0 when none waits. */
  oldestWaitingMs(): number {
    const first = this.waiting.peek()?.openedAt ?? (this.count > 0 ? this.openedAt : null);
    return first === null ? 0 : Math.max(0, this.now() - first);
  }

  /** The oldest `count` waiting messages were acknowledged. */
  private takeWaiting(count: number): void {
    let n = count;
    for (let b = this.waiting.peek(); n > 0 && b; b = this.waiting.peek()) {
      if (b.count > n) {
        b.count -= n;
        break;
      }
      n -= b.count;
      this.waiting.shift();
    }
  }

  /** The writer took `count` messages (`bytes` of batch buffer; `spilled` of them from the overflow) off our hands, stored or shed. */
  acknowledge(count: number, bytes: number, spilled = 0): void {
    this.takeWaiting(count);
    this.inFlight = Math.max(0, this.inFlight - (count - spilled));
    this.inFlightBytes = Math.max(0, this.inFlightBytes - bytes);
    this.spilled = Math.max(0, this.spilled - spilled);
  }

  /** Messages handed over are lost (the writer failed): they count as shed. */
  lose(): void {
    this.waiting.clear();
    this.dropped += this.inFlight + this.spilled;
    this.inFlight = 0;
    this.inFlightBytes = 0;
    this.spilled = 0;
  }

  stop(): void {
    this.handOver();
    this.stopped = true;
  }
}
