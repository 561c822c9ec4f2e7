// Which instance holds the live-view call of each channel: `live:<deviceId>:<channelId>` = instance ID, set by
// the instance that places (or has placed for it) the one call to the camera, renewed while the session lives
// and deleted when it ends. A holder counts only while its instance card lives, so a dead instance's calls are
// nobody's within the card's ttl; the key itself expires after its own ttl. The keys are as many as the live
// sessions of the platform.
import type { Redis } from 'ioredis';
import { evalNamingKeys, RELEASE_SCRIPT } from './held-keys';
import type { ClusterKeys } from './keys';

// KEYS[1] channel key; ARGV[1] this instance, ARGV[2] ttl ms, ARGV[3] instance key prefix. Claims the channel
// unless another live instance holds it: then returns that instance.
const CLAIM_SCRIPT = `local o = redis.call('GET', KEYS[1])
if o and o ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. o) == 1 then return o end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

// KEYS: channel keys; ARGV[1] this instance, ARGV[2] ttl ms. Extends the keys this instance still holds; names none.
const RENEW_SCRIPT = `for _, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then redis.call('PEXPIRE', k, ARGV[2]) end
end
return {}`;

/** Channels held at once by one instance (its live sessions; more are not registered, only played). */
const MAX_HELD = 10_000;

export class LiveRegistry {
  private readonly held = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    readonly self: string,
    private readonly ttlMs: number,
  ) {}

  /** This instance places the channel's call, unless another live instance holds it: then that instance. */
  async claim(deviceId: string, channelId: string): Promise<string | undefined> {
    const key = this.keys.liveChannel(deviceId, channelId);
    const o = await this.redis.eval(CLAIM_SCRIPT, 1, key, this.self, this.ttlMs, this.keys.instance(''));
    if (typeof o === 'string') return o;
    if (this.held.size < MAX_HELD) this.held.add(key);
    return undefined;
  }

  /** Takes the channel whoever holds it (the holder named by claim no longer plays it). */
  async take(deviceId: string, channelId: string): Promise<void> {
    const key = this.keys.liveChannel(deviceId, channelId);
    await this.redis.set(key, this.self, 'PX', this.ttlMs);
    if (this.held.size < MAX_HELD) this.held.add(key);
  }

  /** The call ended here; another instance's later claim is kept. */
  async release(deviceId: string, channelId: string): Promise<void> {
    const key = this.keys.liveChannel(deviceId, channelId);
    if (!this.held.delete(key)) return;
    await this.redis.eval(RELEASE_SCRIPT, 1, key, this.self);
  }

  /** Extends the channels this instance holds (each renewal period). */
  async renew(): Promise<void> {
    await evalNamingKeys(this.redis, RENEW_SCRIPT, [...this.held], [this.self, this.ttlMs]);
  }

  /** The live instance holding the channel's call, if any (tests, diagnostics). */
  async holder(deviceId: string, channelId: string): Promise<string | undefined> {
    const o = await this.redis.get(this.keys.liveChannel(deviceId, channelId));
    return o ?? undefined;
  }

  /** Leaving the platform: every channel held here is released. */
  async releaseAll(): Promise<void> {
    const keys = [...this.held];
    this.held.clear();
    await Promise.all(keys.map((k) => this.redis.eval(RELEASE_SCRIPT, 1, k, this.self)));
  }
}
