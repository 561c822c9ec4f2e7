import type { SipMessage, SipRequest, SipResponse } from '../message/types';
import { getCallId, getCSeq, getFromTag, getTopVia } from '../message';

export const MAGIC_COOKIE = 'z9hG4bK';

function sentBy(host: string, port: number | undefined): string {
  return `${host.toLowerCase()}:${port ?? ''}`;
}

/**
 * RFC 3261 §17.2.3 server transaction key: branch + sent-by + method (ACK counts as INVITE), plus the CSeq
 * number, because real devices reuse one branch for a new request (notes §11: REGISTER CSeq 1 and its
 * authenticated retry CSeq 2 share the branch). Requests without the magic cookie (RFC 2543 peers) fall back
 * to Call-ID + From tag + sent-by + CSeq. CANCEL keys as itself; use `inviteKeyForCancel` to find its INVITE.
 */
export function serverKey(req: SipRequest): string | undefined {
  const via = getTopVia(req);
  const cseq = getCSeq(req);
  if (!via || !cseq) return undefined;
  const method = req.method === 'ACK' ? 'INVITE' : req.method;
  const branch = via.params.branch;
  // join() gives one flat string: a concatenation would keep the request's header text alive through the slices
  // it is made of for as long as the transaction waits in Completed (Timer J, 32 s)
  if (branch && branch.startsWith(MAGIC_COOKIE)) return [branch, sentBy(via.host, via.port), method, cseq.seq].join('|');
  return ['2543', getCallId(req) ?? '', getFromTag(req) ?? '', sentBy(via.host, via.port), method, cseq.seq].join('|');
}

/** The key of the INVITE server transaction a CANCEL targets (§9.2: same branch, sent-by and CSeq number). */
export function inviteKeyForCancel(cancel: SipRequest): string | undefined {
  const asInvite: SipRequest = { ...cancel, method: 'INVITE' };
  return serverKey(asInvite);
}

/** RFC 3261 §17.1.3 client key: the top Via branch + the CSeq method (the same for a request and its responses). */
function clientKey(m: SipMessage): string | undefined {
  const branch = getTopVia(m)?.params.branch;
  const cseq = getCSeq(m);
  return branch && cseq ? `${branch}|${cseq.method.toUpperCase()}` : undefined;
}

export const clientKeyOfRequest: (req: SipRequest) => string | undefined = clientKey;
export const clientKeyOfResponse: (res: SipResponse) => string | undefined = clientKey;
