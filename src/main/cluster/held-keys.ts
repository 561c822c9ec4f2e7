// Keys that name the instance holding something (a device in presence.ts, a live channel in live-registry.ts):
// the scripts and the batching both use.
import type { Redis } from 'ioredis';

// KEYS[1] held key; ARGV[1] this instance. Deletes the key only while this instance holds it (1, else 0).
export const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Keys per script call: one round trip each, and Redis stays responsive while a call runs. */
const CHUNK = 1_000;

/**
 * Runs `script` over `keys` a chunk at a time, with `args` as ARGV; the script returns the 1-based indexes of
 * the keys it names within its chunk. Returns those keys' indexes in `keys`.
 */
export async function evalNamingKeys(redis: Redis, script: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<number[]> {
  const named: number[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const r = (await redis.eval(script, chunk.length, ...chunk, ...args)) as number[];
    for (const n of r) named.push(i + n - 1);
  }
  return named;
}
