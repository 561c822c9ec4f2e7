import type { HeaderField, SipRequest } from '../message/types';
import { getCSeq, getHeader, getHeaders } from '../message';

/**
 * RFC 3261 §9.1: CANCEL for a pending INVITE. Request-URI, Call-ID, To, From, CSeq number and the top Via
 * (same branch, so it reaches the same server transaction) copied from the INVITE; method CANCEL; the INVITE's
 * Route headers. The INVITE's Max-Forwards is kept so the CANCEL travels as far.
 */
export function buildCancel(invite: SipRequest, extraHeaders: HeaderField[] = []): SipRequest {
  if (invite.method !== 'INVITE') throw new Error(`CANCEL applies to INVITE only, not ${invite.method}`);
  const headers: HeaderField[] = [];
  const topVia = getHeaders(invite, 'Via')[0];
  if (topVia) headers.push({ name: 'Via', value: topVia });
  for (const name of ['Max-Forwards', 'From', 'To', 'Call-ID']) {
    const v = getHeader(invite, name);
    if (v !== undefined) headers.push({ name, value: v });
  }
  headers.push({ name: 'CSeq', value: `${getCSeq(invite)?.seq ?? 0} CANCEL` });
  for (const r of getHeaders(invite, 'Route')) headers.push({ name: 'Route', value: r });
  headers.push(...extraHeaders);
  return { kind: 'request', method: 'CANCEL', uri: invite.uri, headers, body: Buffer.alloc(0) };
}
