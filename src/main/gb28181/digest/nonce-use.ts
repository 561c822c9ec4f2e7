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
    this.uses.set(keptCopy(nonce), { issuedAt, nc: nc ?? -1 });
    if (this.uses.size > this.maxEntries) this.evictOldest();
    return true;
  }

  /** Entries are in first-use order, which follows issue order closely: drop expired ones from the front. */
  private forgetExpired(now: number): void {
    for (const [nonce, u] of this.uses) {
      if (now - u.issuedAt <= this.opts.ttlMs) return;
      this.uses.delete(nonce);
    }
  }

  private evictOldest(): void {
    const first = this.uses.entries().next();
    if (first.done) return;
    this.uses.delete(first.value[0]);
    this.floor = Math.max(this.floor, first.value[1].issuedAt);
  }
}
