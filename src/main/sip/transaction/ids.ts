import { randomFillSync } from 'node:crypto';
import { MAGIC_COOKIE } from './keys';

// One crypto call per 4 KiB of identifiers instead of one per identifier (a call costs several µs, and every
// request we answer needs a tag). Each byte of the pool is handed out once, so every identifier gets as many
// fresh bytes from the system CSPRNG as a randomBytes call of its own would give it.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` fresh random bytes from the system CSPRNG, as lower-case hex. */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) throw new Error(`randomHex: at most ${POOL_BYTES} bytes at a time`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

/** RFC 3261 §8.1.1.7: a branch unique across time and space, with the magic cookie. */
export function newBranch(): string {
  return MAGIC_COOKIE + randomHex(8);
}

/** RFC 3261 §19.3: globally unique, at least 32 bits of randomness (we use 48). */
export function newTag(): string {
  return randomHex(6);
}

export function newCallId(host?: string): string {
  const id = randomHex(12);
  return host ? `${id}@${host}` : id;
}
