import { randomBytes } from 'node:crypto';
import { MAGIC_COOKIE } from './keys';

/** RFC 3261 §8.1.1.7: a branch unique across time and space, with the magic cookie. */
export function newBranch(): string {
  return MAGIC_COOKIE + randomBytes(8).toString('hex');
}

/** RFC 3261 §19.3: at least 32 bits of randomness. */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function newCallId(host?: string): string {
  const id = randomBytes(12).toString('hex');
  return host ? `${id}@${host}` : id;
}
