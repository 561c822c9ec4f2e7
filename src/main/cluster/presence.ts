// Who owns which device: the instance a device registered to holds `device:<id>` = its instance ID, with an
// expiry the owner refreshes while the device stays registered (registration and keepalives keep it online
// there). An owner counts only while its instance card lives, so a dead instance's devices are nobody's within
// the card's ttl, even when their own keys run longer.
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys';

// KEYS[1] device key; ARGV[1] instance key prefix. The owner when its instance is alive, else nil.
const OWNER_SCRIPT = `local o = redis.call('GET', KEYS[1])
if o and redis.call('EXISTS', ARGV[1] .. o) == 1 then return o end
return false`;

// KEYS[1] device key; ARGV[1] instance ID. Deletes the key only when this instance still owns it.
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class DevicePresence {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    readonly self: string,
  ) {}

  /** This instance owns these devices for ttlMs more (registration, keepalive, a refresh). One round trip. */
  async claim(deviceIds: readonly string[], ttlMs: number): Promise<void> {
    if (deviceIds.length === 0) return;
    const p = this.redis.pipeline();
    for (const id of deviceIds) p.set(this.keys.device(id), this.self, 'PX', Math.max(1, Math.round(ttlMs)));
    await p.exec();
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
