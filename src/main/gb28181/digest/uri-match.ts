// RFC 2617 §3.2.2.5: the digest-uri must name the same resource as the Request-URI. Devices quote it as they
// wrote the Request-URI, sometimes with different parameter order or letter case in the host, so compare the
// parts that name the resource (scheme, user, host, port), not the text. Some clients (sipp among them, and
// devices configured by IP) write the server's address instead, sip:<ip>:<port>: that names the server the
// REGISTER went to, and is accepted when it carries no other user than the Request-URI's.
import { isIP } from 'node:net';
import { parseUri } from '../../sip/message';
import type { SipUri } from '../../sip/message/types';

export function sameDigestUri(digestUri: string, requestUri: string | SipUri): boolean {
  if (typeof requestUri === 'string' && digestUri === requestUri) return true;
  const a = parseUri(digestUri);
  const b = typeof requestUri === 'string' ? parseUri(requestUri) : requestUri;
  if (!a || !b || a.scheme !== b.scheme) return false;
  const sameUser = (a.user ?? '') === (b.user ?? '');
  if (sameUser && a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 5060) === (b.port ?? 5060)) return true;
  return (a.user === undefined || sameUser) && isIP(a.host) !== 0;
}
