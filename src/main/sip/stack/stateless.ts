import { hash, randomBytes } from 'node:crypto';
import type { HeaderField, SipAddress, SipRequest } from '../message/types';
import { serverKey } from '../transaction/keys';

/** A final answer the TU gives without a server transaction (RFC 3261 §8.2.7). */
export interface StatelessAnswer {
  status: number;
  reason?: string;
  headers?: HeaderField[];
}

/** Called for each new non-INVITE request before a transaction exists; undefined lets it start one. */
export type StatelessHandler = (req: SipRequest, source: SipAddress, flow?: string) => StatelessAnswer | undefined;

const SALT = randomBytes(8).toString('hex');

/**
 * RFC 3261 §8.2.7: a stateless UAS must give every retransmission of a request the same To tag, so the tag is
 * derived from the request's transaction identity (salted per process, so two servers never agree by chance).
 */
export function statelessTag(req: SipRequest, source: SipAddress): string {
  return hash('md5', SALT + (serverKey(req, source) ?? ''), 'hex').slice(0, 12);
}
