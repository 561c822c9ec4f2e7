import type { SipMessage, SipRequest } from '../message/types';
import { getContentLength } from '../message/headers';
import {
  contentLengthWellFormed,
  contentLengthWithinDatagram,
  cseqMethodMatches,
  cseqWellFormed,
  fromToWellFormed,
  maxForwardsNotZero,
  maxForwardsWellFormed,
  requestUriSchemeSupported,
  requiredAndSingleHeaders,
  sipVersionIs2,
  viaWellFormed,
  type SanityFault,
} from './rules';

/**
 * The rules without which a message cannot be matched to a transaction or answered. parseMessage applies
 * them to every message it returns as ok.
 */
export function checkStructure(m: SipMessage): SanityFault | null {
  return checkHeaderStructure(m) ?? contentLengthWellFormed(m);
}

/** checkStructure without the Content-Length rule, for parseMessage, which applies that rule before reading the body. */
export function checkHeaderStructure(m: SipMessage): SanityFault | null {
  return (
    sipVersionIs2(m.version) ??
    requiredAndSingleHeaders(m) ??
    viaWellFormed(m) ??
    fromToWellFormed(m) ??
    cseqWellFormed(m) ??
    (m.kind === 'request' ? cseqMethodMatches(m) : null)
  );
}

/**
 * Every request rule, in the order RFC 3261 §8.2 and §16.3 apply them; the first fault wins.
 * `bodyBytesReceived`: body bytes that arrived after the header section (defaults to req.body.length).
 * A fault on an ACK must not be answered (§17.2.1): drop the ACK instead.
 */
export function checkRequest(req: SipRequest, bodyBytesReceived?: number): SanityFault | null {
  const cl = getContentLength(req);
  return (
    checkStructure(req) ??
    (cl === undefined ? null : contentLengthWithinDatagram(cl, bodyBytesReceived ?? req.body.length)) ??
    checkParsedRequest(req)
  );
}

/**
 * The request rules beyond checkStructure, for a request parseMessage returned as ok (it ran checkStructure
 * and refused a body shorter than Content-Length).
 */
export function checkParsedRequest(req: SipRequest): SanityFault | null {
  return (
    requestUriSchemeSupported(req) ??
    maxForwardsWellFormed(req) ??
    maxForwardsNotZero(req)
  );
}

/** Rules for a received response; a faulty response is dropped, never answered (§8.1.3.3, §18.1.2). */
export function checkResponse(res: SipMessage): SanityFault | null {
  return checkStructure(res);
}
