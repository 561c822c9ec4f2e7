// When a busy UDP socket is read (docs/protocol.md §15). Each wakeup of the SIP thread for a single datagram costs
// more than the datagram's own work: the poll, the receive calls, code and caches gone cold in between. A site's
// keepalives (10,000 devices every 60 s: 167 datagrams/s) arrive one per wakeup. After a turn that read only a few
// datagrams, reading stops for about as long as `batch` more take to arrive at the current rate, and what waited
// is read in one turn. Below `minRate` nothing waits: the wakeups cost little there, and a small site's answers
// keep their latency. A turn that read `backlogBurst` or more (libuv reads at most 32 per wakeup) is a backlog.
import type { Clock } from '../timers/clock';

export interface ReadPacingOptions {
  /** Datagrams a pause aims to gather. */
  batch: number;
  /** Datagrams per second below which reading never pauses. */
  minRate: number;
  /** The longest pause (also bounded by what the receive buffer holds: maxPauseFor). */
  maxPauseMs: number;
  /** Shorter pauses are not worth a timer. */
  minPauseMs: number;
  /** A turn that read this many is working through a backlog, so it does not pause. */
  backlogBurst: number;
  /**
   * The longest a turn goes on reading: past it the socket stops until the turn's end, so a console's request
   * waits one short turn, not 32 catalogues (docs/protocol.md §15). Such a cut turn is a backlog.
   */
  turnBudgetMs: number;
}

// At a site's 167 keepalives a second a turn gathers 24 (a pause of 144 ms): each wakeup of the SIP thread cost
// more than the keepalives it read (bench:storm's steady state, docs/protocol.md §15). The longest pause stays well
// under T1 (500 ms, RFC 3261 §17.1.1.1), so no peer retransmits because its answer waited.
// A turn's reading stops after 4 ms: the rest of the turn (timers, the event stream's next frame) fits beside it in the
// 50 ms a console's request may wait during a storm, and the receive buffer holds what waits (docs/protocol.md §15).
export const DEFAULT_READ_PACING: ReadPacingOptions = { batch: 24, minRate: 50, maxPauseMs: 150, minPauseMs: 2, backlogBurst: 32, turnBudgetMs: 4 };

/** The pacing asked for (true: the defaults), every option filled in. */
export function readPacingOptions(pacing: Partial<ReadPacingOptions> | true): ReadPacingOptions {
  return { ...DEFAULT_READ_PACING, ...(pacing === true ? {} : pacing) };
}

/** What one queued datagram costs the receive buffer at most (a small datagram's kernel buffer, as the kernel counts it). */
const BUFFER_BYTES_PER_DATAGRAM = 2304;
/** How much of the current second must have passed before its own rate counts. */
const RISING_AFTER_MS = 100;
/** The steepest burst a pause must survive: a site's power cut (bench:register offers up to 15,000/s). */
const PEAK_RATE = 15_000;

/** The longest pause whose datagrams at the peak rate still fit the receive buffer the kernel granted. */
export function maxPauseFor(recvBufferBytes: number, wantedMs: number): number {
  return Math.min(wantedMs, Math.floor((recvBufferBytes / BUFFER_BYTES_PER_DATAGRAM / PEAK_RATE) * 1000));
}

export class ReadPacer {
  private windowStart: number;
  private windowCount = 0;
  /** Datagrams per second over the last full window. */
  private rate = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly opts: ReadPacingOptions = DEFAULT_READ_PACING,
  ) {
    this.windowStart = clock.now();
  }

  /** A turn of the event loop read `datagrams` (`cut`: its budget ended it): how long to stop reading now (0: go on reading). */
  afterTurn(datagrams: number, cut = false): number {
    const rate = this.count(datagrams);
    const o = this.opts;
    if (cut || datagrams >= o.backlogBurst || rate < o.minRate) return 0;
    const ms = Math.min(o.maxPauseMs, Math.round((o.batch / rate) * 1000));
    return ms >= o.minPauseMs ? ms : 0;
  }

  /** Datagrams per second over the last full second (for tests and stats). */
  get datagramsPerSec(): number {
    return this.rate;
  }

  /** Counts the turn's datagrams; returns the rate to pace by. */
  private count(datagrams: number): number {
    const now = this.clock.now();
    const elapsed = now - this.windowStart;
    if (elapsed >= 1000 || elapsed < 0) {
      // A window that ran long (nothing arrived for a while) spreads its count over all of it.
      this.rate = elapsed > 0 ? (this.windowCount * 1000) / elapsed : 0;
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += datagrams;
    // A storm starting after a quiet second shortens the pauses within RISING_AFTER_MS, not a second later.
    const sofar = now - this.windowStart;
    return sofar >= RISING_AFTER_MS ? Math.max(this.rate, (this.windowCount * 1000) / sofar) : this.rate;
  }
}
