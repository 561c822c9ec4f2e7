import type { HeaderField, SipRequest, SipResponse } from '../message/types';
import { getCSeq, getHeader, getHeaders } from '../message';

/**
 * RFC 3261 §17.1.1.3: the ACK a client INVITE transaction sends for a non-2xx final response. Same Request-URI,
 * Call-ID, From, CSeq number and top Via (so the same branch) as the INVITE; To from the response (its tag);
 * the INVITE's Route headers.
 */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: HeaderField[] = [];
  const topVia = getHeaders(invite, 'Via')[0];
  if (topVia) headers.push({ name: 'Via', value: topVia });
  for (const name of ['Max-Forwards', 'From']) {
    const v = getHeader(invite, name);
    if (v !== undefined) headers.push({ name, value: v });
  }
  headers.push({ name: 'To', value: getHeader(response, 'To') ?? getHeader(invite, 'To') ?? '' });
  headers.push({ name: 'Call-ID', value: getHeader(invite, 'Call-ID') ?? '' });
  headers.push({ name: 'CSeq', value: `${getCSeq(invite)?.seq ?? 0} ACK` });
  for (const r of getHeaders(invite, 'Route')) headers.push({ name: 'Route', value: r });
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0) };
}
