// Who owns which device: the instance a device registered to holds `device:<id>` = its instance ID, with an
// expiry the owner refreshes while the device stays registered (registration and keepalives keep it online
// there). An owner counts only while its instance card lives, so a dead instance's devices are nobody's within
// the card's ttl, even when their own keys run longer.
import type { Redis } from 'ioredis';
import { evalNamingKeys, RELEASE_SCRIPT } from './held-keys';
import type { ClusterKeys } from './keys';

// KEYS[1] device key; ARGV[1] instance key prefix. The owner when its instance is alive, else nil.
const OWNER_SCRIPT = `local o = redis.call('GET', KEYS[1])
if o and redis.call('EXISTS', ARGV[1] .. o) == 1 then return o end
return false`;

// KEYS: device keys; ARGV[1] instance key prefix, ARGV[2] this instance, ARGV[3] ttl ms. Extends each key this
// instance holds or nobody alive holds; returns the 1-based indexes of the keys another live instance holds.
const RENEW_SCRIPT = `local taken = {}
for i, k in ipairs(KEYS) do
  local o = redis.call('GET', k)
  if o and o ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. o) == 1 then taken[#taken + 1] = i
  else redis.call('SET', k, ARGV[2], 'PX', ARGV[3]) end
end
return taken`;

// KEYS: device keys; ARGV[1] instance key prefix, ARGV[2] this instance. Returns the 1-based indexes of the keys
// another live instance holds.
const HELD_SCRIPT = `local held = {}
for i, k in ipairs(KEYS) do
  local o = redis.call('GET', k)
  if o and o ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. o) == 1 then held[#held + 1] = i end
end
return held`;

// KEYS[1] device key; ARGV[1] this instance, ARGV[2] ttl ms. Takes the key; returns the previous holder.
const TAKE_SCRIPT = `local o = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return o`;

export class DevicePresence {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    readonly self: string,
  ) {}

  /** The device registered here: this instance holds it now. The previous holder, when another instance. */
  async take(deviceId: string, ttlMs: number): Promise<string | undefined> {
    const o = await this.redis.eval(TAKE_SCRIPT, 1, this.keys.device(deviceId), this.self, Math.max(1, Math.round(ttlMs)));
    return typeof o === 'string' && o !== this.self ? o : undefined;
  }

  /**
   * Extends this instance's hold on devices it believes online here, without taking one another live instance
   * holds (the device registered there since): those are returned.
   */
  async renew(deviceIds: readonly string[], ttlMs: number): Promise<string[]> {
    const keys = deviceIds.map((id) => this.keys.device(id));
    const taken = await evalNamingKeys(this.redis, RENEW_SCRIPT, keys, [this.keys.instance(''), this.self, Math.max(1, Math.round(ttlMs))]);
    return taken.map((n) => deviceIds[n]);
  }

  /** Of these devices, those another live instance holds. One script call per 1,000 devices. */
  async heldElsewhere(deviceIds: readonly string[]): Promise<Set<string>> {
    const keys = deviceIds.map((id) => this.keys.device(id));
    const held = await evalNamingKeys(this.redis, HELD_SCRIPT, keys, [this.keys.instance(''), this.self]);
    return new Set(held.map((n) => deviceIds[n]));
  }

  /** The device left this instance (unregistered, offline); another instance's later claim is kept. */
  async release(deviceId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE_SCRIPT, 1, this.keys.device(deviceId), this.self)) === 1;
  }

  /** The live instance that owns the device, if any. */
  async owner(deviceId: string): Promise<string | undefined> {
    const o = await this.redis.eval(OWNER_SCRIPT, 1, this.keys.device(deviceId), this.keys.instance(''));
    return typeof o === 'string' ? o : undefined;
  }
}
