// When the writer thread commits. A commit costs far more than a message, so a storm's batches are written at
// once, while a trickle (a site's keepalives, handed over every ~100 ms) waits so that one transaction carries
// several hand-overs. The wait is ended by a later batch when it arrives late enough (same wake-up of the thread,
// no timer of its own), else by a timer: the oldest message waits at most maxDelayMs before it is stored.
// A thread that wakes after a pause runs its code and data cold: the same messages cost the writer about twice as
// much in commits of 67 every 200 ms as in commits of 333 every second, so a trickle is gathered for up to a second.
// The SIP thread may hold a trickle itself for most of that second (tap-queue.ts, pace 'held'): a batch says how
// long its oldest message was held, and counts as waiting since then.
// A commit's messages reach the live tail together, and the tail keeps at most 500 a batch (live-tail.ts): a
// commit starts at atOnce messages, so with the hand-over that reached it, it stays within 500 up to 2,500/s.

export interface CommitPacerOptions {
  /** Messages waiting that make a commit worth doing at once. */
  atOnce: number;
  /** Longest wait of the oldest waiting message. */
  maxDelayMs: number;
  /** A batch arriving once the oldest message has waited this long commits with it. */
  joinAfterMs: number;
}

/** 'now': commit in this turn; a number: commit when that many ms have passed unless told otherwise sooner. */
export type CommitDecision = 'now' | number;

export const COMMIT_PACING: CommitPacerOptions = { atOnce: 250, maxDelayMs: 1000, joinAfterMs: 880 };

export class CommitPacer {
  private waiting = 0;
  private since = 0;

  constructor(private readonly options: CommitPacerOptions = COMMIT_PACING) {}

  /** A batch of `count` messages arrived at `now`, its oldest held `heldMs` before (tap-queue.ts); says when to commit. */
  arrived(count: number, now: number, heldMs = 0): CommitDecision {
    const oldest = now - heldMs;
    if (this.waiting === 0 || oldest < this.since) this.since = oldest;
    this.waiting += count;
    const waited = now - this.since;
    if (this.waiting >= this.options.atOnce || waited >= this.options.joinAfterMs) return 'now';
    return this.options.maxDelayMs - waited;
  }

  /** Everything waiting was committed. */
  committed(): void {
    this.waiting = 0;
  }
}
