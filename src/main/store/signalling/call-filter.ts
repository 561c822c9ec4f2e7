// Bloom filters of the Call-IDs of templated keepalives (they have no message row, so no Call-ID index entry): one
// per block (signalling_block_info.calls) and one per group of ids (signalling_call_group), so that log.call by a
// Call-ID alone reads one short filter row per group, then the block filters of the groups that may hold it, and
// decodes only the blocks that may. A filter may answer "maybe" for a Call-ID it does not hold, never "no" for
// one it does. Keys are callHash values (32 bits); bit positions come from two mixes of the key (double hashing).

/** Bits per key and positions a key. A block's: about 0.05 % false positives (a false one costs a block read). */
export const BLOCK_FILTER = { bitsPerKey: 16, hashes: 11 } as const;
/** A group's: about 0.12 % (a false one costs reading the block filters of its group). */
export const GROUP_FILTER = { bitsPerKey: 14, hashes: 10 } as const;
type FilterShape = { bitsPerKey: number; hashes: number };
/** A group's filter is split by key into this many rows, so that a lookup reads one short row per group. */
export const GROUP_BUCKETS = 256;
/**
 * Ids a group of Call-ID filters spans: a lookup reads the filter rows of every group (about 1,300 in a week of a
 * 1,000-camera site) and the block filters of the groups that may hold the key, or have no filter yet.
 */
export const CALL_GROUP_IDS = 16_384;
export const callGroupOf = (block: number): number => Math.floor(block / CALL_GROUP_IDS);

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
export function buildFilter(keys: Iterable<number>, shape: FilterShape): Buffer {
  const distinct = new Set(keys);
  const bytes = Math.max(1, Math.ceil((distinct.size * shape.bitsPerKey) / 8));
  const bits = Buffer.alloc(bytes);
  const m = bytes * 8;
  for (const key of distinct) {
    const a = first(key);
    const b = step(key);
    for (let i = 0; i < shape.hashes; i++) {
      const p = (a + i * b) % m;
      bits[p >>> 3] |= 1 << (p & 7);
    }
  }
  return bits;
}

/** False only when the filter does not hold the key. */
export function mayHold(filter: Buffer, key: number, shape: FilterShape): boolean {
  const m = filter.length * 8;
  const a = first(key);
  const b = step(key);
  for (let i = 0; i < shape.hashes; i++) {
    const p = (a + i * b) % m;
    if ((filter[p >>> 3] & (1 << (p & 7))) === 0) return false;
  }
  return true;
}

/** A group's filter as its GROUP_BUCKETS rows (index: bucket), each a filter of the keys of its bucket. */
export function buildGroupFilter(keys: Iterable<number>): Buffer[] {
  const buckets: number[][] = Array.from({ length: GROUP_BUCKETS }, () => []);
  for (const key of keys) buckets[bucketOf(key)].push(key);
  return buckets.map((k) => buildFilter(k, GROUP_FILTER));
}
