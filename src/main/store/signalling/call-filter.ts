// Bloom filters of the Call-IDs of templated keepalives (they have no message row, so no Call-ID index entry): one
// per block (signalling_block_info.calls) and one per group of ids (signalling_call_group), so that log.call by a
// Call-ID alone reads a few hundred small group filters, then the block filters of the groups that may hold it, and
// decodes only the blocks that may. A filter may answer "maybe" for a Call-ID it does not hold, never "no" for
// one it does. Keys are callHash values (32 bits); bit positions come from two mixes of the key (double hashing).

/** Bits per key: with HASHES positions a key, about 1 % false positives. */
const BITS_PER_KEY = 10;
const HASHES = 7;
/** A group's filter is split by key into this many rows, so that a lookup reads one short row per group. */
export const GROUP_BUCKETS = 256;

/** murmur3's 32-bit finaliser: spreads every bit of the key over the result. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const first = (key: number): number => mix(key ^ 0x3c6ef372);
const step = (key: number): number => (mix(key ^ 0x5be0cd19) | 1) >>> 0;

/** Which of a group's rows holds a key. */
export const bucketOf = (key: number): number => mix(key ^ 0x1f83d9ab) % GROUP_BUCKETS;

/** A filter holding these keys (duplicates allowed), sized for them. */
export function buildFilter(keys: Iterable<number>): Buffer {
  const distinct = new Set(keys);
  const bytes = Math.max(1, Math.ceil((distinct.size * BITS_PER_KEY) / 8));
  const bits = Buffer.alloc(bytes);
  const m = bytes * 8;
  for (const key of distinct) {
    const a = first(key);
    const b = step(key);
    for (let i = 0; i < HASHES; i++) {
      const p = (a + i * b) % m;
      bits[p >>> 3] |= 1 << (p & 7);
    }
  }
  return bits;
}

/** False only when the filter does not hold the key. */
export function mayHold(filter: Buffer, key: number): boolean {
  const m = filter.length * 8;
  const a = first(key);
  const b = step(key);
  for (let i = 0; i < HASHES; i++) {
    const p = (a + i * b) % m;
    if ((filter[p >>> 3] & (1 << (p & 7))) === 0) return false;
  }
  return true;
}

/** A group's filter as its GROUP_BUCKETS rows (index: bucket), each a filter of the keys of its bucket. */
export function buildGroupFilter(keys: Iterable<number>): Buffer[] {
  const buckets: number[][] = Array.from({ length: GROUP_BUCKETS }, () => []);
  for (const key of keys) buckets[bucketOf(key)].push(key);
  return buckets.map((k) => buildFilter(k));
}
