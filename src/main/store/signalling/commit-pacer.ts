// When the writer thread commits. A commit costs far more than a message, so a storm's batches are written at
// once, while a trickle (a site's keepalives, handed over every ~100 ms) waits so that one transaction carries
// several hand-overs. The wait is ended by a later batch when it arrives late enough (same wake-up of the thread,
// no timer of its own), else by a timer: the oldest message waits at most maxDelayMs before it is stored.
// A thread that wakes after a pause runs its code and data cold: the same messages cost the writer about twice as
// much in commits of 67 every 200 ms as in commits of 333 every second, so a trickle is gathered for up to a second.
// The SIP thread may hold a trickle itself for most of that second (tap-queue.ts handOverDue): a batch says how
// long its oldest message was held, and counts as waiting since then.
// A storm's messages are gathered too, for up to stormGatherMs: the trigram index writes a segment a commit and
// merges segments later, so its cost a message falls with the commit's size (bench/log-writer.bench.ts: commits of
// 2,000 cost the writer about an eighth less a message than commits of 500).
// A commit's messages reach the live tail together, and the tail keeps at most 500 a batch (live-tail.ts): a
// commit starts at atOnce messages once stormGatherMs passed, so it stays within 500 up to 2,500/s.

export interface CommitPacerOptions {
  /** Messages waiting that make a commit worth doing once the oldest waited stormGatherMs... */
  atOnce: number;
  stormGatherMs: number;
  /** ...and that many at once. */
  full: number;
  /** Longest wait of the oldest waiting message. */
  maxDelayMs: number;
  /** A batch arriving once the oldest message has waited this long commits with it. */
  joinAfterMs: number;
}

/** 'now': commit in this turn; a number: commit when that many ms have passed unless told otherwise sooner. */
export type CommitDecision = 'now' | number;

export const COMMIT_PACING: CommitPacerOptions = { atOnce: 250, stormGatherMs: 200, full: 2000, maxDelayMs: 1000, joinAfterMs: 880 };

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
    const o = this.options;
    if (this.waiting >= o.full || (this.waiting >= o.atOnce && waited >= o.stormGatherMs) || waited >= o.joinAfterMs) return 'now';
    return (this.waiting >= o.atOnce ? o.stormGatherMs : o.maxDelayMs) - waited;
  }

  /** Everything waiting was committed. */
  committed(): void {
    this.waiting = 0;
  }
}
