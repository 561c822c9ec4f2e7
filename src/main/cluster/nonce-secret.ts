// Digest nonces are stateless, MAC'd with a secret (gb28181/digest/nonce.ts). Instances of one platform share
// the secret, so a nonce one instance issued is checked by any other (a device moved by 302 or a front
// instance behind a shared address). The first instance sets it; the others read it.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys';

export async function sharedNonceSecret(redis: Redis, keys: ClusterKeys): Promise<Buffer> {
  await redis.set(keys.nonceSecret, randomBytes(32).toString('hex'), 'NX');
  const hex = await redis.get(keys.nonceSecret);
  if (!hex || !/^[0-9a-f]{64}$/.test(hex)) throw new Error(`Redis key ${keys.nonceSecret} does not hold a 32-byte hex secret; delete it and restart`);
  return Buffer.from(hex, 'hex');
}
