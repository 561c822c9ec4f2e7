// The reader thread's side of the hand-over (docs/protocol.md §15). The reader drains the socket as datagrams
// arrive, so the kernel's receive buffer no longer has to hold what comes in while the SIP thread is busy or
// waiting. It hands them over one batch at a time: the next only after the SIP thread says it has handled the last.
// At a keepalive trickle a batch also waits until about `pacing.batch` datagrams have gathered (read-pacing.ts),
// because each wakeup of the SIP thread costs more than a keepalive's own work.
import { ReadPacer, type ReadPacingOptions } from '../read-pacing';
import { DatagramPacker } from './packing';
import type { PackedDatagrams } from './protocol';

export interface BatcherTime {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `fn` once the datagrams read in this wakeup have all been added (setImmediate). */
  defer(fn: () => void): void;
}

export interface BatcherLimits {
  pacing: ReadPacingOptions | null;
  maxQueued: number;
  maxQueuedBytes: number;
}

export class InboundBatcher {
  private readonly packer = new DatagramPacker();
  private readonly pacer: ReadPacer | null;
  /** A batch is with the SIP thread. */
  private handedOver = false;
  private holdUntil = 0;
  private holdTimer: unknown = null;
  private deferred = false;
  private droppedSinceLast = 0;
  /** Datagrams dropped because too many waited, since start. */
  dropped = 0;

  constructor(
    private readonly time: BatcherTime,
    private readonly limits: BatcherLimits,
    private readonly handOver: (batch: PackedDatagrams, dropped: number) => void,
  ) {
    this.pacer = limits.pacing ? new ReadPacer(time, limits.pacing) : null;
  }

  add(raw: Uint8Array, address: string, port: number): void {
    const p = this.packer;
    if (p.count >= this.limits.maxQueued || p.bytes + raw.length > this.limits.maxQueuedBytes) {
      this.dropped++;
      this.droppedSinceLast++;
      return;
    }
    p.add(raw, address, port);
    this.schedule();
  }

  /** The SIP thread has handled the batch it was given. */
  done(): void {
    this.handedOver = false;
    this.schedule();
  }

  /** Nothing more is handed over. */
  stop(): void {
    if (this.holdTimer !== null) this.time.clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.handedOver = true;
  }

  private schedule(): void {
    if (this.handedOver || this.packer.count === 0 || this.deferred) return;
    const burst = this.limits.pacing?.backlogBurst ?? 1;
    const wait = this.holdUntil - this.time.now();
    if (wait > 0 && this.packer.count < burst) {
      if (this.holdTimer === null) this.holdTimer = this.time.setTimeout(this.fire, wait);
      return;
    }
    this.deferred = true;
    this.time.defer(this.fire);
  }

  private readonly fire = (): void => {
    this.deferred = false;
    if (this.holdTimer !== null) this.time.clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (this.handedOver || this.packer.count === 0) return;
    const n = this.packer.count;
    const dropped = this.droppedSinceLast;
    this.droppedSinceLast = 0;
    this.handedOver = true;
    this.handOver(this.packer.take(), dropped);
    const pause = this.pacer?.afterTurn(n) ?? 0;
    this.holdUntil = pause > 0 ? this.time.now() + pause : 0;
  };
}
