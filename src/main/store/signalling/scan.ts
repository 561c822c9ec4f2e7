// A lenient, read-only look at one logged SIP message: start line and the few headers the log indexes.
// The log must keep messages the strict parser (sip/message) rejects, because those are the ones an installer
// needs to see, so nothing here fails: missing parts are null.
import { canonicalHeaderName } from '../../sip/message/names';
import { parseNameAddr } from '../../sip/message/name-addr';

export interface SipScan {
  kind: 'request' | 'response' | 'other';
  /** Request-line method, or the CSeq method of a response. */
  method: string | null;
  status: number | null;
  reason: string | null;
  callId: string | null;
  /** CSeq value as sent, e.g. "2 REGISTER". */
  cseq: string | null;
  fromUser: string | null;
  toUser: string | null;
  contentType: string | null;
  /** Offset of the first byte after the header section (raw.length when there is no blank line). */
  headerEnd: number;
  bodyStart: number;
  bodyEnd: number;
}

const CR = 13;
const LF = 10;
const CALL_ID = 0;
const CSEQ = 1;
const FROM = 2;
const TO = 3;
const CONTENT_TYPE = 4;
const CONTENT_LENGTH = 5;
const WANTED = new Map([
  ['Call-ID', CALL_ID],
  ['CSeq', CSEQ],
  ['From', FROM],
  ['To', TO],
  ['Content-Type', CONTENT_TYPE],
  ['Content-Length', CONTENT_LENGTH],
]);
/** The wanted headers' values of the message scanSip reads (one at a time, on one thread), by the indices above. */
const values: (string | undefined)[] = new Array(WANTED.size);
/** False for a line whose first letter starts none of the WANTED names in any spelling (long or compact, any case). */
function mayBeWanted(c: number): boolean {
  const lower = c | 0x20;
  if (lower < 0x61 || lower > 0x7a) return true;
  return lower === 0x63 || lower === 0x66 || lower === 0x69 || lower === 0x6c || lower === 0x74;
}
/** Header sections longer than this are not read further (the limit of the SIP stack, sip/message/limits). */
const MAX_HEADER_SCAN = 64 * 1024;

/** Offsets of the blank line that ends the header section; RFC 3261 §7.5, bare LF accepted. */
function findHeaderEnd(raw: Buffer, from: number): { headerEnd: number; bodyStart: number } {
  const limit = Math.min(raw.length, from + MAX_HEADER_SCAN);
  let pos = from;
  while (pos < limit) {
    const nl = raw.indexOf(LF, pos);
    if (nl < 0 || nl >= limit) break;
    const next = nl + 1;
    if (raw[next] === LF) return { headerEnd: next, bodyStart: next + 1 };
    if (raw[next] === CR && raw[next + 1] === LF) return { headerEnd: next, bodyStart: next + 2 };
    pos = next;
  }
  return { headerEnd: raw.length, bodyStart: raw.length };
}

function skipBlank(raw: Buffer): number {
  let i = 0;
  while (i < raw.length && (raw[i] === CR || raw[i] === LF || raw[i] === 0x20 || raw[i] === 0x09 || raw[i] === 0)) i++;
  return i;
}

/** True when the buffer holds only CR/LF/whitespace: a keep-alive (RFC 5626 §3.5.1), not a message. */
export function isKeepAlive(raw: Buffer): boolean {
  return skipBlank(raw) === raw.length;
}

const RESPONSE_LINE = /^SIP\/\d+\.\d+[ \t]+(\d{3})(?:[ \t]+(.*))?$/i;
const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9\-.!%*_+`'~]*)[ \t]+\S.*[ \t]SIP\/\d+\.\d+[ \t]*$/i;

const SIMPLE_USER = /^\s*<sips?:([\w.!~*'()+%-]+)@/i;

/** User part of a From/To value; tolerant of values the strict name-addr grammar refuses. */
export function userOf(value: string): string | null {
  // `<sip:user@…`: whether the strict grammar accepts the rest or not, the user is the same (the fallback below
  // finds it too), so the common form skips the full parse.
  const simple = SIMPLE_USER.exec(value);
  if (simple) return simple[1];
  const na = parseNameAddr(value);
  if (na) return na.uri.user ? na.uri.user : null;
  const m = /(?:sips?|tel):([^@;>\s:]+)@/i.exec(value);
  return m ? m[1] : null;
}

/** The scan of something that is not a SIP message: no fields, no body. */
export function emptyScan(raw: Buffer): SipScan {
  return {
    kind: 'other',
    method: null,
    status: null,
    reason: null,
    callId: null,
    cseq: null,
    fromUser: null,
    toUser: null,
    contentType: null,
    headerEnd: raw.length,
    bodyStart: raw.length,
    bodyEnd: raw.length,
  };
}

export function scanSip(raw: Buffer): SipScan {
  const start = skipBlank(raw);
  const { headerEnd, bodyStart } = findHeaderEnd(raw, start);
  const scan = emptyScan(raw);
  scan.headerEnd = headerEnd;
  scan.bodyStart = bodyStart;
  const head = raw.toString('utf8', start, headerEnd);
  // Lines as head.split('\n') would give them, walked by offset so that skipped headers cost no strings.
  let end = head.indexOf('\n');
  if (end < 0) end = head.length;
  const first = head.slice(0, end).replace(/\r$/, '');
  const res = RESPONSE_LINE.exec(first);
  if (res) {
    scan.kind = 'response';
    scan.status = Number(res[1]);
    scan.reason = (res[2] ?? '').trim();
  } else {
    const req = REQUEST_LINE.exec(first);
    if (!req) return scan;
    scan.kind = 'request';
    scan.method = req[1].toUpperCase();
  }

  values.fill(undefined);
  let last = -1;
  for (let pos = end + 1; pos <= head.length; pos = end + 1) {
    end = head.indexOf('\n', pos);
    if (end < 0) end = head.length;
    const stop = end > pos && head.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (stop === pos) continue;
    const c = head.charCodeAt(pos);
    if (c === 0x20 || c === 0x09) {
      // Folded continuation line (RFC 3261 §7.3.1).
      if (last >= 0) values[last] = values[last] + ' ' + head.slice(pos, stop).trim();
      continue;
    }
    const colon = head.indexOf(':', pos);
    if (colon <= pos || colon >= stop) continue;
    if (!mayBeWanted(c)) {
      last = -1;
      continue;
    }
    const at = WANTED.get(canonicalHeaderName(head.slice(pos, colon).trim()));
    if (at === undefined || values[at] !== undefined) {
      last = -1;
      continue;
    }
    values[at] = head.slice(colon + 1, stop).trim();
    last = at;
  }

  scan.callId = values[CALL_ID] || null;
  const cseq = values[CSEQ];
  if (cseq) {
    scan.cseq = cseq;
    const m = /^\d+\s+(\S+)/.exec(cseq);
    if (m && scan.kind === 'response') scan.method = m[1].toUpperCase();
  }
  const from = values[FROM];
  if (from) scan.fromUser = userOf(from);
  const to = values[TO];
  if (to) scan.toUser = userOf(to);
  scan.contentType = values[CONTENT_TYPE] || null;
  const cl = values[CONTENT_LENGTH];
  if (cl && /^\d{1,9}$/.test(cl) && bodyStart + Number(cl) < raw.length) scan.bodyEnd = bodyStart + Number(cl);
  values.fill(undefined);
  return scan;
}
