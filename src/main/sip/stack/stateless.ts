import { randomBytes } from 'node:crypto';
import type { HeaderField, SipAddress, SipRequest } from '../message/types';

/** A final answer the TU gives without a server transaction (RFC 3261 §8.2.7). */
export interface StatelessAnswer {
  status: number;
  reason?: string;
  headers?: HeaderField[];
}

/** Called for each new non-INVITE request before a transaction exists; undefined lets it start one. */
export type StatelessHandler = (req: SipRequest, source: SipAddress, flow?: string) => StatelessAnswer | undefined;

const SEED = randomBytes(8);
const SEED_A = SEED.readUInt32LE(0);
const SEED_B = SEED.readUInt32LE(4);

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * RFC 3261 §8.2.7: a stateless UAS must give every retransmission of a request the same To tag, so the tag is
 * derived from the request's server transaction key (transaction/keys.ts), which retransmissions repeat. Seeded
 * per process, so two servers never agree by chance; 48 bits (§19.3 asks for at least 32 of randomness). A tag
 * only needs to be unpredictable enough not to collide, not secret: two multiplicative hashes instead of a
 * digest, as each keepalive gets one.
 */
export function statelessTag(key: string): string {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return mix(a).toString(16).padStart(8, '0') + mix(b ^ a).toString(16).padStart(4, '0').slice(-4);
}
