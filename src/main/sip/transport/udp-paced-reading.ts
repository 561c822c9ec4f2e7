// The UDP transport's read pacing (read-pacing.ts decides, this stops and restarts the socket's reading).
import type dgram from 'node:dgram';
import type { Clock, TimerHandle } from '../timers/clock';
import { ReadPacer, maxPauseFor, readPacingOptions, type ReadPacingOptions } from './read-pacing';

/** Its pause timers are referenced: while reading is stopped, the socket alone would not keep the process running. */
export const pacingClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The receive side of dgram's native handle: Node has no public way to stop reading a bound socket for a while. */
interface ReceiveHandle {
  recvStart(): number;
  recvStop(): number;
}

function receiveHandleOf(socket: dgram.Socket): ReceiveHandle | null {
  const state = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  const handle = state && (socket as unknown as Record<symbol, { handle?: Partial<ReceiveHandle> | null }>)[state]?.handle;
  return handle && typeof handle.recvStart === 'function' && typeof handle.recvStop === 'function' ? (handle as ReceiveHandle) : null;
}

/** Stops reading for the pause the pacer asks for after each turn. */
export class PacedReading {
  private resume: TimerHandle | null = null;
  private stopped = false;
  private turnStartedAt = 0;
  /** This turn's budget ran out and reading stopped until its end. */
  private cut = false;

  private constructor(
    private readonly handle: ReceiveHandle,
    private readonly pacer: ReadPacer,
    private readonly clock: Clock,
    private readonly turnBudgetMs: number,
  ) {}

  /**
   * Null without pacing, or where this Node keeps its socket handle elsewhere: the socket is then read as usual.
   * The longest pause is bounded by the receive buffer the kernel granted.
   */
  static of(socket: dgram.Socket, pacing: Partial<ReadPacingOptions> | boolean | undefined, clock: Clock): PacedReading | null {
    if (!pacing) return null;
    const handle = receiveHandleOf(socket);
    if (!handle) return null;
    const wanted = readPacingOptions(pacing);
    let granted: number;
    try {
      granted = socket.getRecvBufferSize();
    } catch {
      return null;
    }
    return new PacedReading(handle, new ReadPacer(clock, { ...wanted, maxPauseMs: maxPauseFor(granted, wanted.maxPauseMs) }), clock, wanted.turnBudgetMs);
  }

  /** A turn's first datagram is about to be handled. */
  startTurn(): void {
    this.turnStartedAt = this.clock.now();
  }

  /** A datagram was handled: once the turn's budget is spent, libuv reads no more in it (it checks after each). */
  afterDatagram(): void {
    if (this.cut || this.clock.now() - this.turnStartedAt < this.turnBudgetMs) return;
    this.cut = true;
    this.handle.recvStop();
  }

  get paused(): boolean {
    return this.resume !== null;
  }

  /** A turn of the event loop read `datagrams`. */
  afterTurn(datagrams: number): void {
    const cut = this.cut;
    this.cut = false;
    const ms = this.pacer.afterTurn(datagrams, cut);
    if (cut && !this.stopped && !this.resume) this.handle.recvStart();
    if (ms === 0 || this.stopped || this.resume) return;
    this.handle.recvStop();
    this.resume = this.clock.setTimeout(() => {
      this.resume = null;
      if (!this.stopped) this.handle.recvStart();
    }, ms);
  }

  stop(): void {
    this.stopped = true;
    if (this.resume) this.clock.clearTimeout(this.resume);
    this.resume = null;
  }
}
