// Replay guard for Digest answers. RFC 2617 §3.2.2: with qop the client counts its requests per nonce (nc), so a
// server that remembers the highest count accepts each (nonce, nc) once; without qop there is no count and a
// nonce is good for one request. Only accepted answers are remembered, and only while their nonce is valid.
import { keptCopy } from '../../sip/message/kept';

export interface NonceUseOptions {
  /** How long a nonce is valid (the NonceStore's ttl): older entries can be forgotten. */
  ttlMs: number;
  /** At most this many nonces are remembered; past it the oldest go and anything issued before them is refused. */
  maxEntries?: number;
}

interface Use {
  issuedAt: number;
  /** Highest nc accepted; -1 for an answer without qop (the nonce is used up). */
  nc: number;
}

const NC = /^[0-9a-f]{1,8}$/i;

/** The nc parameter as a number, or undefined when it is not 1-8 hex digits (RFC 2617: 8LHEX). */
export function parseNonceCount(nc: string): number | undefined {
  return NC.test(nc) ? parseInt(nc, 16) : undefined;
}

export class NonceUse {
  private readonly uses = new Map<string, Use>();
  /**
   * The remembered nonces in first-use order (which follows issue order closely), `head` the oldest still here.
   * Not the Map's own order: V8 walks over every slot deleted at a Map's front to reach its first entry, so a
   * full table finding its oldest there would scan thousands of deleted slots per registration.
   */
  private order: string[] = [];
  private issued: number[] = [];
  private head = 0;
  private readonly maxEntries: number;
  /** Nonces issued at or before this time may have been forgotten: refuse them rather than risk a replay. */
  private floor = -Infinity;

  constructor(private readonly opts: NonceUseOptions) {
    this.maxEntries = opts.maxEntries ?? 50_000;
  }

  get size(): number {
    return this.uses.size;
  }

  /** Whether this answer is new; when it is, it is remembered. `nc` undefined = an answer without qop. */
  accept(nonce: string, issuedAt: number, nc: number | undefined, now: number): boolean {
    this.forgetExpired(now);
    const prev = this.uses.get(nonce);
    if (prev) {
      if (nc === undefined || prev.nc < 0 || nc <= prev.nc) return false;
      prev.nc = nc;
      return true;
    }
    if (issuedAt <= this.floor) return false;
    const kept = keptCopy(nonce);
    this.uses.set(kept, { issuedAt, nc: nc ?? -1 });
    this.order.push(kept);
    this.issued.push(issuedAt);
    if (this.uses.size > this.maxEntries) this.evictOldest();
    return true;
  }

  /** Drops the expired ones from the front. */
  private forgetExpired(now: number): void {
    const start = this.head;
    while (this.head < this.order.length && now - this.issued[this.head] > this.opts.ttlMs) this.uses.delete(this.order[this.head++]);
    if (this.head !== start) this.compact();
  }

  private evictOldest(): void {
    if (this.head >= this.order.length) return;
    this.uses.delete(this.order[this.head]);
    this.floor = Math.max(this.floor, this.issued[this.head]);
    this.head++;
    this.compact();
  }

  /** Once as many entries have left the queue as remain in it, keeps only those: each one is copied once at most per such round. */
  private compact(): void {
    if (this.head < 1024 || this.head * 2 < this.order.length) return;
    this.order = this.order.slice(this.head);
    this.issued = this.issued.slice(this.head);
    this.head = 0;
  }
}
