// Stateless nonces: issue time + random, signed with a MAC, so any nonce we issued can be checked for age
// without keeping a table, and a stale one (right password, old nonce) can be told from a forged one.
// The MAC may also cover a binding (the address the challenge went to): the nonce is then ours only when
// the answer comes from that address, so a captured Authorization header replayed from elsewhere is unknown.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { randomHex } from '../../sip/transaction/ids';

export interface NonceClock {
  now(): number;
}

export interface NonceStoreOptions {
  /** How long a nonce stays valid; after that a right answer gets stale=true. Default 300 s. */
  ttlMs?: number;
  /** HMAC key; random per process by default (nonces from before a restart become unknown). */
  secret?: Buffer;
  clock?: NonceClock;
}

export type NonceCheck =
  | { state: 'valid'; ageMs: number; issuedAt: number }
  | { state: 'stale'; ageMs: number; issuedAt: number }
  | { state: 'unknown' };

const TIME_HEX = 12;
const RAND_HEX = 8;
const MAC_HEX = 24;
const NONCE_LEN = TIME_HEX + RAND_HEX + MAC_HEX;
// Clocks jump a little; a nonce "from the future" beyond this is not ours.
const FUTURE_SKEW_MS = 5_000;

export class NonceStore {
  readonly ttlMs: number;
  /** The secret as hex text, the prefix of every MAC input. */
  private readonly key: string;
  private readonly clock: NonceClock;

  constructor(opts: NonceStoreOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 300_000;
    this.key = (opts.secret ?? randomBytes(32)).toString('hex');
    this.clock = opts.clock ?? { now: () => Date.now() };
  }

  /** A new nonce; with `binding`, check() knows it only under the same binding. */
  issue(binding = ''): string {
    const t = Math.max(0, Math.floor(this.clock.now())).toString(16).padStart(TIME_HEX, '0').slice(-TIME_HEX);
    const body = t + randomHex(RAND_HEX / 2);
    return body + this.mac(body, binding);
  }

  check(nonce: string, binding = ''): NonceCheck {
    if (nonce.length !== NONCE_LEN || !/^[0-9a-f]+$/.test(nonce)) return { state: 'unknown' };
    const body = nonce.slice(0, TIME_HEX + RAND_HEX);
    const given = Buffer.from(nonce.slice(TIME_HEX + RAND_HEX), 'hex');
    const expected = Buffer.from(this.mac(body, binding), 'hex');
    if (!timingSafeEqual(given, expected)) return { state: 'unknown' };
    const issued = parseInt(nonce.slice(0, TIME_HEX), 16);
    const ageMs = this.clock.now() - issued;
    if (ageMs < -FUTURE_SKEW_MS) return { state: 'unknown' };
    return ageMs > this.ttlMs ? { state: 'stale', ageMs, issuedAt: issued } : { state: 'valid', ageMs: Math.max(0, ageMs), issuedAt: issued };
  }

  /**
   * SHA-256 over secret + body, cut to 96 bits. A secret-prefix hash is forgeable by length extension only when
   * the whole digest is shown and longer inputs are accepted; here neither holds (truncated output, fixed-length
   * body; the binding follows a separator the hex body cannot contain). One hash call instead of an HMAC object:
   * two of these run per registration.
   */
  private mac(body: string, binding: string): string {
    return hash('sha256', binding ? `${this.key}${body}|${binding}` : this.key + body, 'hex').slice(0, MAC_HEX);
  }
}
