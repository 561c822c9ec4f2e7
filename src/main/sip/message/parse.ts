// SIP message parser (RFC 3261 §7, §18.3). Never throws: every input gives a ParseResult.
import type { HeaderField, SipMessage, SipRequest } from './types';
import { canonicalHeaderName } from './names';
import { HeaderLine } from './headers';
import { hasControlCharacter, isPrintableAscii, isSpaceCode, isToken } from './text';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADER_FIELDS, MAX_MESSAGE_BYTES } from './limits';
import { checkHeaderStructure } from '../sanity/check';
import { contentLengthWellFormed, contentLengthWithinDatagram, shown } from '../sanity/rules';

export type SipErrorStatus = 400 | 413 | 416 | 483 | 505 | 513;

export interface SipParseError {
  /** Human text naming the fault, fit for a reason phrase: "missing Call-ID header". */
  reason: string;
  /** The status to answer with when `partial` is present. */
  status: SipErrorStatus;
  /**
   * Present when the start line parsed as a request: the headers read so far (and the body when the fault
   * came after it), enough for createResponse() to copy Via/From/To/Call-ID/CSeq into the error response.
   * Absent for responses and for garbage: drop the message (and count it). Never answer an ACK.
   */
  partial?: SipRequest;
  /** The input was only CR/LF/whitespace: a keep-alive, not garbage. */
  keepAlive?: boolean;
}

export interface ParseLimits {
  /** Largest Content-Length accepted (default 64 KiB, a datagram's worth); stream transports pass theirs. */
  maxBodyBytes?: number;
}

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: SipParseError };

const CR = 13;
const LF = 10;
/** The body of the header-only probe below: the Content-Length rule reads headers alone. */
const NO_BODY = Buffer.alloc(0);

function fail(status: SipErrorStatus, reason: string, partial?: SipRequest): ParseResult {
  return partial ? { ok: false, error: { status, reason, partial } } : { ok: false, error: { status, reason } };
}

/** Index of the first byte that is not CR, LF, SP, HT or NUL. */
function skipLeadingBlank(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const c = buf[i];
    if (c !== CR && c !== LF && c !== 0x20 && c !== 0x09 && c !== 0) break;
    i++;
  }
  return i;
}

interface StartLine {
  kind: 'request' | 'response';
  method: string;
  uri: string;
  status: number;
  reason: string;
  version: string;
  /** Set when the Request-URI contained whitespace (RFC 4475 §3.1.2.10): answered 400 once headers are read. */
  uriFault?: string;
}

const VERSION = /^SIP\/\d{1,3}\.\d{1,3}$/i;

function parseStartLine(line: string): StartLine | undefined {
  if (line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/') {
    const m = /^(SIP\/\d{1,3}\.\d{1,3})[ \t]+(\d{3})(?:[ \t]+(.*))?$/i.exec(line);
    if (!m) return undefined;
    const status = Number(m[2]);
    if (status < 100 || status > 699) return undefined;
    return { kind: 'response', method: '', uri: '', status, reason: (m[3] ?? '').trim(), version: m[1] };
  }
  // Liberal: several SP/HT between the elements and trailing whitespace are accepted.
  const parts = plainRequestLine(line) ?? line.trim().split(/[ \t]+/);
  const version = parts[parts.length - 1];
  if (parts.length < 3 || !isToken(parts[0]) || (version !== 'SIP/2.0' && !VERSION.test(version))) return undefined;
  const uri = parts.length === 3 ? parts[1] : parts.slice(1, -1).join(' ');
  const sl: StartLine = { kind: 'request', method: parts[0], uri, status: 0, reason: '', version };
  if (parts.length > 3) sl.uriFault = 'Request-URI ' + shown(uri, 40) + ' contains whitespace';
  else if (hasControlCharacter(uri)) sl.uriFault = 'Request-URI ' + shown(uri, 40) + ' contains control characters';
  return sl;
}

/**
 * The three parts of a request line written the usual way (single spaces, printable ASCII at both ends, no tab),
 * as trimming and splitting it on runs of SP/HT would give them; undefined for any other line.
 */
function plainRequestLine(line: string): string[] | undefined {
  const sp1 = line.indexOf(' ');
  const sp2 = line.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 <= sp1 + 1 || sp2 >= line.length - 1 || line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) return undefined;
  if (!isPrintableAscii(line.charCodeAt(0)) || !isPrintableAscii(line.charCodeAt(line.length - 1))) return undefined;
  return [line.slice(0, sp1), line.slice(sp1 + 1, sp2), line.slice(sp2 + 1)];
}

/**
 * Parse one SIP message: a whole UDP datagram or one message cut out by SipStreamFramer.
 * Accepts compact and any-case header names (stored canonically), folded lines, bare LF line ends, CRLFs
 * before the start line, and any body bytes. Content-Length governs the body; without it the body is the
 * rest of the buffer (UDP, RFC 3261 §18.3); extra bytes after Content-Length are dropped.
 */
export function parseMessage(buf: Buffer, limits?: ParseLimits): ParseResult {
  try {
    return parseUnsafe(buf, limits?.maxBodyBytes ?? MAX_BODY_BYTES);
  } catch (e) {
    // Defence in depth: a parser bug must cost one message, not the receive loop.
    return fail(400, 'unparseable message (' + (e instanceof Error ? e.message : String(e)) + ')');
  }
}

function parseUnsafe(buf: Buffer, maxBody: number): ParseResult {
  const start = skipLeadingBlank(buf);
  if (start === buf.length) {
    return { ok: false, error: { status: 400, reason: 'keep-alive (only CR/LF)', keepAlive: true } };
  }
  const maxMessage = maxBody > MAX_BODY_BYTES ? MAX_HEADER_BYTES + maxBody : MAX_MESSAGE_BYTES;
  const tooLarge = buf.length > maxMessage;
  // Never look at more than the limit, even for a message we will refuse.
  const end = Math.min(buf.length, maxMessage);

  let nl = buf.indexOf(LF, start);
  if (nl < 0 || nl >= end) nl = end;
  const firstLine = buf.toString('utf8', start, nl > start && buf[nl - 1] === CR ? nl - 1 : nl);
  const sl = parseStartLine(firstLine);
  if (!sl) return fail(400, 'not a SIP request or response: start line ' + shown(firstLine, 40));

  const headers: HeaderField[] = [];
  const partial = (): SipRequest | undefined =>
    sl.kind === 'request'
      ? { kind: 'request', method: sl.method, uri: sl.uri, headers, body: Buffer.alloc(0), version: sl.version }
      : undefined;

  // Find the blank line that ends the header section; the body starts after it.
  let pos = nl + 1;
  let headerEnd = end; // exclusive end of header text
  let bodyStart = end;
  let complete = false;
  while (pos < end) {
    if (buf[pos] === LF) {
      headerEnd = pos;
      bodyStart = pos + 1;
      complete = true;
      break;
    }
    if (buf[pos] === CR && pos + 1 < end && buf[pos + 1] === LF) {
      headerEnd = pos;
      bodyStart = pos + 2;
      complete = true;
      break;
    }
    const next = buf.indexOf(LF, pos);
    if (next < 0 || next >= end) break;
    pos = next + 1;
  }
  if (!complete) headerEnd = bodyStart = end;

  const text = nl + 1 < headerEnd ? buf.toString('utf8', nl + 1, headerEnd) : '';
  // In an oversized message the last line read may be cut short: size is the fault to report, not that line.
  const tooLargeFault = (): ParseResult =>
    fail(513, 'message of ' + buf.length + ' bytes exceeds the ' + maxMessage + ' byte limit', partial());
  // The lines are the LF-separated pieces of `text`, each without one trailing CR; read in place, no line strings.
  let linesEnd = text.length;
  if (tooLarge && !complete) linesEnd = Math.max(0, text.lastIndexOf('\n'));
  let at = 0;
  while (at < linesEnd) {
    const from = at;
    let lf = text.indexOf('\n', from);
    if (lf < 0 || lf > linesEnd) lf = linesEnd;
    at = lf + 1;
    const to = lf > from && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    if (to === from) continue; // text ends with the last header's line end
    const c = text.charCodeAt(from);
    if (c === 0x20 || c === 0x09) {
      // LWS folding (§7.3.1): the line continues the previous header's value.
      const last = headers[headers.length - 1];
      if (!last) return tooLarge ? tooLargeFault() : fail(400, 'first header line starts with whitespace', partial());
      last.value = (last.value + ' ' + text.slice(from, to).trim()).trim();
      continue;
    }
    const colon = text.indexOf(':', from);
    if (colon <= from || colon >= to) {
      return tooLarge ? tooLargeFault() : fail(400, 'header line without a name and colon: ' + shown(text.slice(from, to), 40), partial());
    }
    const name = text.slice(from, colon).trimEnd();
    if (!isToken(name)) return tooLarge ? tooLargeFault() : fail(400, 'invalid header name ' + shown(name, 40), partial());
    if (headers.length === MAX_HEADER_FIELDS) {
      return fail(513, 'more than ' + MAX_HEADER_FIELDS + ' header fields', partial());
    }
    // The value trimmed before it is cut: one string, not a slice and then its trimmed slice.
    let valueFrom = colon + 1;
    let valueTo = to;
    while (valueFrom < valueTo && isSpaceCode(text.charCodeAt(valueFrom))) valueFrom++;
    while (valueTo > valueFrom && isSpaceCode(text.charCodeAt(valueTo - 1))) valueTo--;
    headers.push(new HeaderLine(canonicalHeaderName(name), text.slice(valueFrom, valueTo)));
  }

  if (sl.uriFault) return fail(400, sl.uriFault, partial());
  if (tooLarge) return tooLargeFault();

  const clFault = contentLengthWellFormed({ kind: 'request', method: '', uri: '', headers, body: NO_BODY });
  if (clFault) return fail(clFault.status as SipErrorStatus, clFault.reason, partial());
  const clField = headers.find((h) => h.name === 'Content-Length');
  let bodyEnd = buf.length;
  if (clField) {
    const cl = Number(clField.value);
    if (cl > maxBody) {
      return fail(413, 'Content-Length ' + cl + ' exceeds the ' + maxBody + ' byte limit', partial());
    }
    const available = buf.length - bodyStart;
    const short = contentLengthWithinDatagram(cl, available);
    if (short) return fail(400, short.reason, partial());
    bodyEnd = Math.min(bodyStart + cl, buf.length);
  }
  // Own the bytes: the caller may reuse its receive buffer.
  const body = Buffer.allocUnsafe(Math.max(0, bodyEnd - bodyStart));
  buf.copy(body, 0, bodyStart, bodyEnd);

  const message: SipMessage =
    sl.kind === 'request'
      ? { kind: 'request', method: sl.method, uri: sl.uri, headers, body, version: sl.version }
      : { kind: 'response', status: sl.status, reason: sl.reason, headers, body, version: sl.version };
  const fault = checkHeaderStructure(message);
  if (fault) {
    return fail(fault.status as SipErrorStatus, fault.reason, message.kind === 'request' ? message : undefined);
  }
  return { ok: true, message };
}
