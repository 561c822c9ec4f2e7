import type { SipMessage, SipRequest, SipResponse } from '../message/types';
import { getCallId, getCSeq, getFromTag, getTopVia } from '../message';

export const MAGIC_COOKIE = 'z9hG4bK';

function sentBy(host: string, port: number | undefined): string {
  return `${host.toLowerCase()}:${port ?? ''}`;
}

/** Where a request really came from: transport, address and port (the flow for TCP). */
export interface RequestSource {
  transport: string;
  address: string;
  port: number;
}

/**
 * RFC 3261 §17.2.3 server transaction key: branch + sent-by + method (ACK counts as INVITE), plus what keeps
 * requests from real devices apart (docs/protocol.md §13): the CSeq number (REGISTER CSeq 1 and its authenticated retry
 * share a branch), the Call-ID and From tag (a device reusing one branch for every request, with CSeq restarting
 * per Call-ID), and the packet's real source (two devices with the same factory sent-by behind different NATs).
 * A retransmission repeats all of them. Requests without the magic cookie (RFC 2543 peers) key on the same
 * without the branch. CANCEL keys as itself; use `inviteKeyForCancel` to find its INVITE.
 */
export function serverKey(req: SipRequest, source: RequestSource): string | undefined {
  const via = getTopVia(req);
  const cseq = getCSeq(req);
  if (!via || !cseq) return undefined;
  const method = req.method === 'ACK' ? 'INVITE' : req.method;
  const branch = via.params.branch;
  const from = `${source.transport}/${source.address}/${source.port}`;
  // join() gives one flat string: a concatenation would keep the request's header text alive through the slices
  // it is made of for as long as the transaction waits in Completed (Timer J, 32 s)
  return [
    branch && branch.startsWith(MAGIC_COOKIE) ? branch : '2543',
    sentBy(via.host, via.port),
    method,
    cseq.seq,
    getCallId(req) ?? '',
    getFromTag(req) ?? '',
    from,
  ].join('|');
}

/** The key of the INVITE server transaction a CANCEL targets (§9.2: same branch, sent-by and CSeq number). */
export function inviteKeyForCancel(cancel: SipRequest, source: RequestSource): string | undefined {
  const asInvite: SipRequest = { ...cancel, method: 'INVITE' };
  return serverKey(asInvite, source);
}

/** RFC 3261 §17.1.3 client key: the top Via branch + the CSeq method (the same for a request and its responses). */
function clientKey(m: SipMessage): string | undefined {
  const branch = getTopVia(m)?.params.branch;
  const cseq = getCSeq(m);
  return branch && cseq ? `${branch}|${cseq.method.toUpperCase()}` : undefined;
}

export const clientKeyOfRequest: (req: SipRequest) => string | undefined = clientKey;
export const clientKeyOfResponse: (res: SipResponse) => string | undefined = clientKey;
