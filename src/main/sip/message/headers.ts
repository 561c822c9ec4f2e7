// Header access on a SipMessage. Names are matched case-insensitively and compact-form aware ("i" = "Call-ID").
// Mutators change the message in place and store canonical names.
// Via, From, To and CSeq are parsed once per header field: the parsed value is remembered on the field object
// together with the text it was parsed from, so a replaced field or a changed value is parsed afresh.
// What these accessors return is shared by every reader of the message: read it, never change it.
import type { CSeq, HeaderField, NameAddr, SipMessage, SipRequest, SipUri, Via } from './types';
import { canonicalHeaderName, headerNameInfo, isListHeader, isNamed } from './names';
import { hasLineBreak, isDigits, splitTopLevel } from './text';
import { parseCSeq } from './cseq';
import { parseNameAddr } from './name-addr';
import { parseVia } from './via';
import { parseUri } from './uri';

/** Every header field of this name, in order, values unsplit. */
export function getHeaderFields(m: SipMessage, name: string): HeaderField[] {
  const { canon, key } = headerNameInfo(name);
  const out: HeaderField[] = [];
  for (const h of m.headers) if (isNamed(h.name, canon, key)) out.push(h);
  return out;
}

export function hasHeader(m: SipMessage, name: string): boolean {
  const { canon, key } = headerNameInfo(name);
  for (const h of m.headers) if (isNamed(h.name, canon, key)) return true;
  return false;
}

/** How many fields of this name the message has. */
export function countHeaderFields(m: SipMessage, name: string): number {
  const { canon, key } = headerNameInfo(name);
  let n = 0;
  for (const h of m.headers) if (isNamed(h.name, canon, key)) n++;
  return n;
}

/**
 * All values of a header. For list headers (Via, Contact, Route, Record-Route, Allow, Supported, ...) each
 * field is split on commas outside quotes and <>; other headers give one value per field.
 */
export function getHeaders(m: SipMessage, name: string): string[] {
  const { canon, key } = headerNameInfo(name);
  const list = isListHeader(key);
  const out: string[] = [];
  for (const h of m.headers) {
    if (!isNamed(h.name, canon, key)) continue;
    if (list) for (const v of splitTopLevel(h.value, ',')) out.push(v);
    else out.push(h.value.trim());
  }
  return out;
}

/** First value (first list element for list headers), or undefined. */
export function getHeader(m: SipMessage, name: string): string | undefined {
  const { canon, key } = headerNameInfo(name);
  const list = isListHeader(key);
  for (const h of m.headers) {
    if (!isNamed(h.name, canon, key)) continue;
    if (!list) return h.value.trim();
    const first = splitTopLevel(h.value, ',')[0];
    if (first !== undefined) return first;
  }
  return undefined;
}

interface Parsed {
  raw: string;
  value: unknown;
}

// Kept on the field itself under a symbol, not enumerable (deep equality, spreads and JSON never see it), rather
// than in a WeakMap: a WeakMap entry per header of every message made the young-generation collections slower.
const PARSED = Symbol('parsed');
type Holder = object & { [PARSED]?: Parsed };

/**
 * A header field as the parser makes it, with a private slot for its parsed value: no defineProperty per field
 * (a measurable share of a registration's CPU), and still invisible to spreads, JSON and deep equality.
 */
export class HeaderLine implements HeaderField {
  #parsed: Parsed | undefined;

  constructor(
    public name: string,
    public value: string,
  ) {}

  static parsedOf(f: HeaderLine): Parsed | undefined {
    return f.#parsed;
  }

  static keep(f: HeaderLine, p: Parsed): void {
    f.#parsed = p;
  }
}

/** `parse(raw)`, remembered on `holder` for as long as `raw` is the text it holds. */
function remember<T>(holder: object, raw: string, parse: (raw: string) => T): T {
  const line = holder instanceof HeaderLine ? holder : undefined;
  const hit = line ? HeaderLine.parsedOf(line) : (holder as Holder)[PARSED];
  if (hit !== undefined && hit.raw === raw) return hit.value as T;
  const value = parse(raw);
  if (hit !== undefined) {
    hit.raw = raw;
    hit.value = value;
  } else if (line) {
    HeaderLine.keep(line, { raw, value });
  } else {
    Object.defineProperty(holder, PARSED, { value: { raw, value }, writable: true, configurable: true, enumerable: false });
  }
  return value;
}

function memo<T>(field: HeaderField, parse: (raw: string) => T): T {
  return remember(field, field.value, parse);
}

// The Request-URI of the request last asked about. Kept here rather than on the request: a property added to every
// parsed request cost a defineProperty per message, and the readers (the sanity rules, then the registrar) ask
// about one request at a time.
let uriOf: SipRequest | undefined;
let uriRaw = '';
let uriParsed: SipUri | undefined;

/** The Request-URI, parsed once per request (the sanity rules and the registrar both read it); shared, read-only. */
export function getRequestUri(req: SipRequest): SipUri | undefined {
  if (uriOf !== req || uriRaw !== req.uri) {
    uriParsed = parseUri(req.uri);
    uriOf = req;
    uriRaw = req.uri;
  }
  return uriParsed;
}

/** A new Via field whose values are already parsed (a Via rewritten from its parsed form): nobody parses it again. */
export function viaFieldParsed(value: string, vias: Array<Via | undefined>): HeaderField {
  const field = new HeaderLine('Via', value);
  HeaderLine.keep(field, { raw: value, value: vias });
  return field;
}

/** Each Via value of one field, parsed (undefined where malformed); shared, read-only. */
export function viasOfField(field: HeaderField): Array<Via | undefined> {
  return memo(field, (raw) => splitTopLevel(raw, ',').map((v) => parseVia(v)));
}

/** The first field of this name (what getHeader reads for a single-value header). */
function firstField(m: SipMessage, canon: string): HeaderField | undefined {
  const key = headerNameInfo(canon).key;
  for (const h of m.headers) if (isNamed(h.name, canon, key)) return h;
  return undefined;
}

const parseNameAddrTrimmed = (raw: string) => parseNameAddr(raw.trim());
const parseCSeqTrimmed = (raw: string) => parseCSeq(raw.trim());

function clean(value: string): string {
  // A CR or LF inside a value would start a new header line on the wire.
  return hasLineBreak(value) ? value.replace(/[\r\n]+/g, ' ') : value;
}

/** Replace every field of this name by one (at the position of the first), or append when absent. */
export function setHeader(m: SipMessage, name: string, value: string): void {
  const { canon, key } = headerNameInfo(name);
  const field = new HeaderLine(canon, clean(value));
  const at = m.headers.findIndex((h) => isNamed(h.name, canon, key));
  if (at < 0) {
    m.headers.push(field);
    return;
  }
  m.headers = m.headers.filter((h, i) => i < at || !isNamed(h.name, canon, key));
  m.headers.splice(at, 0, field);
}

/** Add a field after all others. */
export function appendHeader(m: SipMessage, name: string, value: string): void {
  m.headers.push(new HeaderLine(canonicalHeaderName(name), clean(value)));
}

/** Add a field before the first field of the same name (e.g. a new top Via), or first of all when absent. */
export function prependHeader(m: SipMessage, name: string, value: string): void {
  const { canon, key } = headerNameInfo(name);
  const at = m.headers.findIndex((h) => isNamed(h.name, canon, key));
  m.headers.splice(at < 0 ? 0 : at, 0, new HeaderLine(canon, clean(value)));
}

/** Remove every field of this name; returns how many were removed. */
export function removeHeader(m: SipMessage, name: string): number {
  const { canon, key } = headerNameInfo(name);
  const before = m.headers.length;
  m.headers = m.headers.filter((h) => !isNamed(h.name, canon, key));
  return before - m.headers.length;
}

export function getCallId(m: SipMessage): string | undefined {
  return getHeader(m, 'Call-ID') || undefined;
}

const VIA_KEY = 'via';

export function getCSeq(m: SipMessage): CSeq | undefined {
  const f = firstField(m, 'CSeq');
  return f === undefined ? undefined : memo(f, parseCSeqTrimmed);
}

/** The topmost Via (the first value of the first Via field). */
export function getTopVia(m: SipMessage): Via | undefined {
  for (const h of m.headers) {
    if (!isNamed(h.name, 'Via', VIA_KEY)) continue;
    const vias = viasOfField(h);
    if (vias.length > 0) return vias[0];
  }
  return undefined;
}

/** Every Via in order; undefined when any of them is malformed. */
export function getVias(m: SipMessage): Via[] | undefined {
  const out: Via[] = [];
  for (const h of m.headers) {
    if (!isNamed(h.name, 'Via', VIA_KEY)) continue;
    for (const via of viasOfField(h)) {
      if (!via) return undefined;
      out.push(via);
    }
  }
  return out;
}

export function getFrom(m: SipMessage): NameAddr | undefined {
  const f = firstField(m, 'From');
  return f === undefined ? undefined : memo(f, parseNameAddrTrimmed);
}

export function getTo(m: SipMessage): NameAddr | undefined {
  const f = firstField(m, 'To');
  return f === undefined ? undefined : memo(f, parseNameAddrTrimmed);
}

function tagOf(na: NameAddr | undefined): string | undefined {
  const tag = na?.params.tag;
  return tag ? tag : undefined;
}

export function getFromTag(m: SipMessage): string | undefined {
  return tagOf(getFrom(m));
}

export function getToTag(m: SipMessage): string | undefined {
  return tagOf(getTo(m));
}

/** REGISTER with `Contact: *` asks to remove every binding (RFC 3261 §10.2.2). */
export function isWildcardContact(m: SipMessage): boolean {
  const values = getHeaders(m, 'Contact');
  return values.length === 1 && values[0] === '*';
}

/** Contact values; "*" (REGISTER remove-all) and malformed entries are skipped. */
export function getContacts(m: SipMessage): NameAddr[] {
  const out: NameAddr[] = [];
  for (const v of getHeaders(m, 'Contact')) {
    const na = parseNameAddr(v);
    if (na) out.push(na);
  }
  return out;
}

function nonNegativeInt(v: string | undefined): number | undefined {
  if (v === undefined || !isDigits(v, 10)) return undefined;
  return Number(v);
}

/** Content-Length as a number; undefined when absent or not a non-negative integer. */
export function getContentLength(m: SipMessage): number | undefined {
  return nonNegativeInt(getHeader(m, 'Content-Length'));
}

export function getMaxForwards(m: SipMessage): number | undefined {
  return nonNegativeInt(getHeader(m, 'Max-Forwards'));
}

/** Expires header as seconds (RFC 3261 §20.19); undefined when absent or not a number. */
export function getExpires(m: SipMessage): number | undefined {
  return nonNegativeInt(getHeader(m, 'Expires'));
}

/** A Warning value (RFC 3261 §20.43): `399 agent "text"`. */
export function formatWarning(code: number, agent: string, text: string): string {
  return code + ' ' + agent + ' "' + text.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ') + '"';
}
