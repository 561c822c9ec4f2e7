import type { HeaderField, SipRequest, SipResponse, SipUri } from './types';
import { canonicalHeaderName, headerNameInfo, isNamed } from './names';
import { getHeader, getHeaderFields, getTo, HeaderLine, setHeader } from './headers';
import { reasonPhrase } from './reason';
import { formatUri } from './uri';
import { hasLineBreak } from './text';

/**
 * The version a built message carries, as a parsed one does. Built messages have the parser's shape (the same
 * fields in the same order, HeaderLine fields), so the code that reads messages sees one object layout per kind
 * and V8 does not throw away and recompile its optimised code when a built message follows parsed ones.
 */
const SIP_2_0 = 'SIP/2.0';

export interface CreateRequestOptions {
  method: string;
  uri: string | SipUri;
  headers: HeaderField[];
  body?: Buffer;
}

/**
 * A request from parts. Header names are canonicalised; Max-Forwards: 70 is added when absent (§8.1.1.6);
 * Content-Length is set to the body length. Via, CSeq, tags and Call-ID are the caller's (transaction and
 * dialog layers).
 */
export function createRequest(opts: CreateRequestOptions): SipRequest {
  const req: SipRequest = {
    kind: 'request',
    method: opts.method,
    uri: typeof opts.uri === 'string' ? opts.uri : formatUri(opts.uri),
    headers: opts.headers.map((h) => new HeaderLine(canonicalHeaderName(h.name), h.value)),
    body: opts.body ?? Buffer.alloc(0),
    version: SIP_2_0,
  };
  if (getHeader(req, 'Max-Forwards') === undefined) setHeader(req, 'Max-Forwards', '70');
  setHeader(req, 'Content-Length', String(req.body.length));
  return req;
}

export interface CreateResponseOptions {
  /** Added to To when the request's To has no tag (§8.2.6.2). Leave out for 100 Trying. */
  toTag?: string;
  /** Extra headers, after the copied ones. */
  headers?: HeaderField[];
  body?: Buffer;
}

/** What a response copies from its request, in this order (§8.2.6.2). */
const COPIED = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map(headerNameInfo);

const TAG_PARAM = /;\s*tag\s*=/i;

function cleanReason(reason: string): string {
  return (hasLineBreak(reason) ? reason.replace(/[\r\n]+/g, ' ') : reason).trim();
}

/**
 * A response to `request` per RFC 3261 §8.2.6: every Via (in order), From, To (plus the tag when given and the
 * To has none), Call-ID and CSeq copied as received; Timestamp copied into 100 Trying (§8.2.6.1);
 * Content-Length set. Works on a SipParseError.partial, copying whichever of those headers were read.
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  opts: CreateResponseOptions = {},
): SipResponse {
  const headers: HeaderField[] = [];
  let to: HeaderField | undefined;
  for (let i = 0; i < COPIED.length; i++) {
    const { canon, key } = COPIED[i];
    for (const f of request.headers) {
      if (!isNamed(f.name, canon, key)) continue;
      const copy = new HeaderLine(canon, f.value);
      if (i === 2) to ??= copy;
      headers.push(copy);
    }
  }
  if (opts.toTag !== undefined) {
    if (to && !getTo(request)?.params.tag && !TAG_PARAM.test(to.value)) {
      to.value = to.value + ';tag=' + opts.toTag;
    }
  }
  if (status === 100) {
    for (const f of getHeaderFields(request, 'Timestamp')) headers.push(new HeaderLine('Timestamp', f.value));
  }
  for (const h of opts.headers ?? []) headers.push(new HeaderLine(canonicalHeaderName(h.name), h.value));
  const res: SipResponse = {
    kind: 'response',
    status,
    reason: cleanReason(reason ?? reasonPhrase(status)) || reasonPhrase(status),
    headers,
    body: opts.body ?? Buffer.alloc(0),
    version: SIP_2_0,
  };
  // every name here is canonical, so a Content-Length among the caller's headers is spelled so
  if (headers.some(isContentLength)) setHeader(res, 'Content-Length', String(res.body.length));
  else headers.push(new HeaderLine('Content-Length', String(res.body.length)));
  return res;
}

const isContentLength = (h: HeaderField): boolean => h.name === 'Content-Length';
