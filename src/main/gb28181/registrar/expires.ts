// How long a REGISTER asks to be bound for (RFC 3261 §10.2.1.1, §10.3 step 6).
import type { SipRequest } from '../../sip/message/types';
import { getContacts, getExpires, getHeaders } from '../../sip/message';

/** RFC 3261 §10.2.1.1: without any expiration the registrar picks; 3600 s is what most GB devices send. */
export const DEFAULT_EXPIRES_SEC = 3600;

/** Contact ;expires= first, then the Expires header, then the default. "Contact: *" counts as 0. */
export function requestedExpires(req: SipRequest): number {
  if (getHeaders(req, 'Contact').some((c) => c.trim() === '*')) return 0;
  const contact = getContacts(req)[0];
  const param = contact?.params.expires;
  if (param !== undefined && param !== null && /^\d{1,10}$/.test(param)) return Number(param);
  return getExpires(req) ?? DEFAULT_EXPIRES_SEC;
}
