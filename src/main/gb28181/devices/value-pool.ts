// One copy of each short value the registry keeps for many devices and channels: a catalog repeats its
// manufacturer, model, owner, civil code, parent IDs, status and address on every channel, and each parsed item
// brings its own copies (40,000 channels held about 20 MB of duplicate strings). Values are keyed by what
// devices send, so the pool is bounded: when full it starts again empty (values already shared stay shared).
import { keptCopy } from '../../sip/message/kept';

/** Longer values are unlikely to repeat and are only copied. */
const MAX_LENGTH = 64;
/** Elements nested deeper than this (no real catalog item is) are left as parsed. */
const MAX_DEPTH = 8;

export class ValuePool {
  private readonly values = new Map<string, string>();

  constructor(readonly maxEntries = 50_000) {}

  get size(): number {
    return this.values.size;
  }

  /** The pool's copy of `s` (a flat string of its own: never a view into the message it came from). */
  share(s: string): string {
    if (s.length > MAX_LENGTH) return keptCopy(s);
    const have = this.values.get(s);
    if (have !== undefined) return have;
    if (this.values.size >= this.maxEntries) this.values.clear();
    const own = keptCopy(s);
    this.values.set(own, own);
    return own;
  }

  /** `s` shared, or null / undefined as given. */
  maybe<T extends string | null | undefined>(s: T): T {
    return (typeof s === 'string' ? this.share(s) : s) as T;
  }

  /** Every string value in a parsed XML element (and its children) replaced in place by the pool's copy. */
  shareTree(el: Record<string, unknown>, skip?: string, depth = 0): void {
    // for-in, not Object.keys: no array of names made for every element of every channel kept
    for (const k in el) {
      if (k !== skip) el[k] = this.shareValue(el[k], depth);
    }
  }

  private shareValue(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return this.share(v);
    if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.shareValue(v[i], depth + 1);
    } else {
      this.shareTree(v as Record<string, unknown>, undefined, depth + 1);
    }
    return v;
  }
}
