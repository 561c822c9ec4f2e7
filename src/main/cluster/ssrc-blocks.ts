// SSRCs unique across instances (GB/T 28181 Annex G: the last 4 digits number the open sessions). The 9,999
// sequence numbers are cut into blocks; each instance holds one block in Redis (expiring unless renewed) and
// numbers its sessions inside it, so no Redis round trip is needed per session.
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys';

export const SSRC_BLOCK = 1_000;
const BLOCKS = 10;

const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0`;

export class SsrcBlocks {
  private block: number | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly self: string,
    private readonly ttlMs: number,
  ) {}

  /** Claims a free block; fails with a sentence when every block is held (more than 10 instances). */
  async claim(): Promise<{ min: number; max: number }> {
    for (let b = 0; b < BLOCKS; b++) {
      if ((await this.redis.set(this.key(b), this.self, 'PX', this.ttlMs, 'NX')) === 'OK') {
        this.block = b;
        return rangeOf(b);
      }
    }
    throw new Error(`all ${BLOCKS} SSRC blocks are held by other console instances (at most ${BLOCKS} instances share one platform)`);
  }

  /** Keeps the block; false when another instance took it meanwhile (Redis lost it). */
  async renew(): Promise<boolean> {
    if (this.block === undefined) return false;
    return (await this.redis.eval(RENEW_SCRIPT, 1, this.key(this.block), this.self, String(this.ttlMs))) === 1;
  }

  async release(): Promise<void> {
    if (this.block === undefined) return;
    const key = this.key(this.block);
    if ((await this.redis.get(key)) === this.self) await this.redis.del(key);
    this.block = undefined;
  }

  private key(b: number): string {
    return this.keys.ssrcBlock('all', b);
  }
}

/** Block 0 is 1-999 (0000 is not a session number), block k is k*1000 .. k*1000+999. */
export function rangeOf(block: number): { min: number; max: number } {
  return { min: Math.max(1, block * SSRC_BLOCK), max: block * SSRC_BLOCK + SSRC_BLOCK - 1 };
}
