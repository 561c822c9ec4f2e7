// One function per RFC rule (RFC 3261 §8.2, §16.3, §18.3, §20). Each returns null when the rule holds,
// otherwise the response status and a reason that names the fault (used as the reason phrase of the answer).
import type { SipMessage, SipRequest } from '../message/types';
import { countHeaderFields, getCSeq, getFrom, getHeader, getHeaderFields, getHeaders, getRequestUri, getTo, getVias } from '../message/headers';
import { headerNameInfo, isListHeader, isNamed, SINGLE_VALUE_HEADERS } from '../message/names';
import { isForeignSchemeNameAddr, parseNameAddr } from '../message/name-addr';
import { parseVia } from '../message/via';
import { isDigits, isPrintableAscii } from '../message/text';

export interface SanityFault {
  status: number;
  reason: string;
}

/** Show a peer's text in a reason phrase: printable, short, no quotes to escape. */
export function shown(value: string, max = 60): string {
  let s = value.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?').replace(/"/g, "'");
  if (s.length > max) s = s.slice(0, max) + '...';
  return '"' + s + '"';
}

/** §8.2 / §20: we speak SIP/2.0 only; anything else gets 505. */
export function sipVersionIs2(version: string | undefined): SanityFault | null {
  if (version === undefined || version.toUpperCase() === 'SIP/2.0') return null;
  return { status: 505, reason: 'SIP version ' + shown(version, 20) + ' not supported' };
}

/** §8.1.1: Via, From, To, Call-ID and CSeq are mandatory in every request and response. */
export function requiredHeadersPresent(m: SipMessage): SanityFault | null {
  for (const name of REQUIRED_HEADERS) {
    if (!hasNonEmptyValue(m, name)) return { status: 400, reason: 'missing ' + name + ' header' };
  }
  return null;
}

const REQUIRED_HEADERS = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];
const LIST_ITEM_CHAR = /[^\s,]/;
const NOT_BLANK = /\S/;

/** What getHeader would return is neither absent nor empty (without splitting the list or copying a value). */
function hasNonEmptyValue(m: SipMessage, name: string): boolean {
  const { canon, key } = headerNameInfo(name);
  const list = isListHeader(key);
  for (const f of m.headers) {
    if (!isNamed(f.name, canon, key)) continue;
    if (!list) return NOT_BLANK.test(f.value);
    if (LIST_ITEM_CHAR.test(f.value)) return true;
  }
  return false;
}

/** §8.1.1 / RFC 4475 §3.1.2.19: one From, To, Call-ID and CSeq; two make the message ambiguous. */
export function singleValueHeadersUnique(m: SipMessage): SanityFault | null {
  for (const name of SINGLE_VALUE_HEADERS) {
    if (countHeaderFields(m, name) > 1) return { status: 400, reason: 'more than one ' + name + ' header' };
  }
  return null;
}

// A value starting with printable ASCII answers these without the regular expression (the usual case).
const notBlank = (v: string): boolean => isPrintableAscii(v.charCodeAt(0)) || NOT_BLANK.test(v);
const hasListItem = (v: string): boolean => (isPrintableAscii(v.charCodeAt(0)) && v.charCodeAt(0) !== 0x2c) || LIST_ITEM_CHAR.test(v);

const REQUIRED = REQUIRED_HEADERS.map((name) => ({ name, ...headerNameInfo(name), list: isListHeader(name) }));
const SINGLE_AT = SINGLE_VALUE_HEADERS.map((name) => REQUIRED_HEADERS.indexOf(name));

/**
 * requiredHeadersPresent, then singleValueHeadersUnique, in one walk over the fields (every message is checked
 * for both): the same fault as the two rules applied one after the other.
 */
export function requiredAndSingleHeaders(m: SipMessage): SanityFault | null {
  const seen = [0, 0, 0, 0, 0];
  const filled = [false, false, false, false, false];
  for (const f of m.headers) {
    let i = 0;
    while (i < REQUIRED.length && !isNamed(f.name, REQUIRED[i].canon, REQUIRED[i].key)) i++;
    if (i === REQUIRED.length) continue;
    // as hasNonEmptyValue: any field of a list header, the first field of any other
    if (REQUIRED[i].list) filled[i] ||= hasListItem(f.value);
    else if (seen[i] === 0) filled[i] = notBlank(f.value);
    seen[i]++;
  }
  for (let i = 0; i < REQUIRED.length; i++) if (!filled[i]) return { status: 400, reason: 'missing ' + REQUIRED[i].name + ' header' };
  for (let j = 0; j < SINGLE_AT.length; j++) {
    if (seen[SINGLE_AT[j]] > 1) return { status: 400, reason: 'more than one ' + SINGLE_VALUE_HEADERS[j] + ' header' };
  }
  return null;
}

function hasValue(m: SipMessage, name: string): boolean {
  return getHeader(m, name) !== undefined;
}

/** §20.42: every Via must parse (responses are routed by them). */
export function viaWellFormed(m: SipMessage): SanityFault | null {
  if (getVias(m) !== undefined) return null;
  for (const v of getHeaders(m, 'Via')) {
    if (!parseVia(v)) return { status: 400, reason: 'malformed Via header ' + shown(v) };
  }
  return null;
}

/** §20.20, §20.39: From and To must be a name-addr or addr-spec (any URI scheme is allowed). */
export function fromToWellFormed(m: SipMessage): SanityFault | null {
  if ((getFrom(m) || !hasValue(m, 'From')) && (getTo(m) || !hasValue(m, 'To'))) return null;
  for (const name of ['From', 'To']) {
    const v = getHeader(m, name);
    if (v !== undefined && !parseNameAddr(v) && !isForeignSchemeNameAddr(v)) {
      return { status: 400, reason: 'malformed ' + name + ' header ' + shown(v) };
    }
  }
  return null;
}

/** §20.16: CSeq is "number method" with number below 2^31. */
export function cseqWellFormed(m: SipMessage): SanityFault | null {
  const v = getHeader(m, 'CSeq');
  if (v !== undefined && !getCSeq(m)) return { status: 400, reason: 'malformed CSeq header ' + shown(v) };
  return null;
}

/** §8.1.1.5: the CSeq method equals the request method. */
export function cseqMethodMatches(req: SipRequest): SanityFault | null {
  const cseq = getCSeq(req);
  if (!cseq || cseq.method === req.method) return null;
  return {
    status: 400,
    reason: 'CSeq method ' + shown(cseq.method, 20).slice(1, -1) + ' does not match request method ' + req.method,
  };
}

const CONTENT_LENGTH = headerNameInfo('Content-Length');

/** §20.14: Content-Length is a non-negative integer, and several of them must agree. */
export function contentLengthWellFormed(m: SipMessage): SanityFault | null {
  let first: number | undefined;
  let conflict = false;
  for (const f of m.headers) {
    if (!isNamed(f.name, CONTENT_LENGTH.canon, CONTENT_LENGTH.key)) continue;
    const v = f.value.trim();
    if (!isDigits(v, 10)) return { status: 400, reason: 'Content-Length ' + shown(v, 20) + ' is not a non-negative integer' };
    if (first === undefined) first = Number(v);
    else if (Number(v) !== first) conflict = true;
  }
  if (!conflict) return null;
  const values = getHeaderFields(m, 'Content-Length').map((h) => h.value.trim());
  return { status: 400, reason: 'conflicting Content-Length headers (' + values.join(', ') + ')' };
}

/** §18.3: a datagram that ends before Content-Length bytes of body is an error (400). */
export function contentLengthWithinDatagram(contentLength: number, bodyBytesReceived: number): SanityFault | null {
  if (contentLength <= bodyBytesReceived) return null;
  return {
    status: 400,
    reason: 'Content-Length ' + contentLength + ' larger than the ' + bodyBytesReceived + ' body bytes received',
  };
}

/** §20.22: Max-Forwards, when present, is an integer 0-255. */
export function maxForwardsWellFormed(req: SipRequest): SanityFault | null {
  const v = getHeader(req, 'Max-Forwards');
  if (v === undefined || (isDigits(v, 3) && Number(v) <= 255)) return null;
  return { status: 400, reason: 'Max-Forwards ' + shown(v, 20) + ' is not a number from 0 to 255' };
}

/**
 * §16.3 item 2: a request that arrives with Max-Forwards 0 gets 483 Too Many Hops, except OPTIONS, which the
 * element may answer as the final recipient (§11). We apply it to every request, as a proxy would: a device
 * that sends 0 to us is looping or broken, and GB28181 cascading makes us a forwarding element too.
 */
export function maxForwardsNotZero(req: SipRequest): SanityFault | null {
  if (req.method === 'OPTIONS') return null;
  const v = getHeader(req, 'Max-Forwards');
  if (v === undefined || !isAllZeros(v)) return null;
  return { status: 483, reason: 'Too Many Hops (Max-Forwards is 0)' };
}

/** What /^0+$/ tests. */
function isAllZeros(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) !== 0x30) return false;
  return true;
}

const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** §8.2.2.1: a Request-URI scheme we do not understand gets 416; a sip/sips URI that does not parse gets 400. */
export function requestUriSchemeSupported(req: SipRequest): SanityFault | null {
  const m = URI_SCHEME.exec(req.uri);
  if (!m) return { status: 400, reason: 'Request-URI ' + shown(req.uri) + ' is not a URI' };
  const scheme = m[1].toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') {
    return { status: 416, reason: 'Unsupported URI Scheme ' + shown(scheme, 20).slice(1, -1) + ' in Request-URI' };
  }
  if (!getRequestUri(req)) return { status: 400, reason: 'malformed Request-URI ' + shown(req.uri) };
  return null;
}
