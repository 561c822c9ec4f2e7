// Interim message helpers used by the transport, transaction, dialog and stack folders until the message
// module (src/main/sip/message, sanity, framing) lands. Everything here goes through this one file so the
// switch-over is a single edit. Deliberately small: only what these layers need.
import type { CSeq, HeaderField, NameAddr, Params, SipMessage, SipRequest, SipResponse, SipUri, Via } from '../message/types';

const COMPACT: Record<string, string> = {
  i: 'Call-ID', m: 'Contact', f: 'From', t: 'To', v: 'Via', l: 'Content-Length', c: 'Content-Type',
  k: 'Supported', s: 'Subject', e: 'Content-Encoding', o: 'Event', u: 'Allow-Events',
};
const CANON: Record<string, string> = {
  'call-id': 'Call-ID', cseq: 'CSeq', via: 'Via', from: 'From', to: 'To', contact: 'Contact',
  'content-length': 'Content-Length', 'content-type': 'Content-Type', 'max-forwards': 'Max-Forwards',
  'record-route': 'Record-Route', route: 'Route', 'www-authenticate': 'WWW-Authenticate', 'user-agent': 'User-Agent',
};

export function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  if (COMPACT[lower]) return COMPACT[lower];
  if (CANON[lower]) return CANON[lower];
  return lower.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

/** Split a header value on commas outside quotes and angle brackets. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === '\\') { cur += ch + (value[++i] ?? ''); continue; }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle++;
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    if (ch === ',' && !quoted && angle === 0) { if (cur.trim()) out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const LIST_HEADERS = new Set(['Via', 'Route', 'Record-Route', 'Contact']);

export function getHeader(m: SipMessage, name: string): string | undefined {
  const n = canonicalName(name);
  return m.headers.find((h) => h.name === n)?.value;
}

/** All values of a header, comma lists split for Via/Route/Record-Route/Contact. */
export function getHeaders(m: SipMessage, name: string): string[] {
  const n = canonicalName(name);
  const raw = m.headers.filter((h) => h.name === n).map((h) => h.value);
  return LIST_HEADERS.has(n) ? raw.flatMap(splitList) : raw;
}

export function setHeader(m: SipMessage, name: string, value: string): void {
  const n = canonicalName(name);
  const first = m.headers.findIndex((h) => h.name === n);
  if (first < 0) {
    m.headers.push({ name: n, value });
    return;
  }
  m.headers = m.headers.filter((h, j) => h.name !== n || j === first);
  m.headers[first] = { name: n, value };
}

export function appendHeader(m: SipMessage, name: string, value: string): void {
  m.headers.push({ name: canonicalName(name), value });
}

export function prependHeader(m: SipMessage, name: string, value: string): void {
  m.headers.unshift({ name: canonicalName(name), value });
}

export function removeHeader(m: SipMessage, name: string): void {
  const n = canonicalName(name);
  m.headers = m.headers.filter((h) => h.name !== n);
}

function parseParams(text: string): Params {
  const params: Params = {};
  for (const part of text.split(';')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq < 0) params[p.toLowerCase()] = null;
    else params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return params;
}

function formatParams(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`))
    .join('');
}

function splitHostPort(hp: string): { host: string; port?: number } {
  const t = hp.trim();
  if (t.startsWith('[')) {
    const end = t.indexOf(']');
    const host = t.slice(1, end);
    const rest = t.slice(end + 1);
    return rest.startsWith(':') ? { host, port: Number(rest.slice(1)) } : { host };
  }
  const c = t.lastIndexOf(':');
  if (c > 0 && t.indexOf(':') === c) return { host: t.slice(0, c), port: Number(t.slice(c + 1)) };
  return { host: t };
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function parseVia(value: string): Via | undefined {
  const m = /^\s*([^/\s]+)\s*\/\s*([^/\s]+)\s*\/\s*([^\s]+)\s+([^;]+)(.*)$/.exec(value);
  if (!m) return undefined;
  const { host, port } = splitHostPort(m[4]);
  return { protocol: `${m[1]}/${m[2]}`, transport: m[3].toUpperCase(), host, port, params: parseParams(m[5]) };
}

export function formatVia(v: Via): string {
  return `${v.protocol}/${v.transport} ${formatHost(v.host)}${v.port ? `:${v.port}` : ''}${formatParams(v.params)}`;
}

export function parseCSeq(value: string): CSeq | undefined {
  const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(value);
  return m ? { seq: Number(m[1]), method: m[2] } : undefined;
}

export function parseUri(text: string): SipUri | undefined {
  const m = /^(sips?|tel):(.*)$/i.exec(text.trim());
  if (!m) return undefined;
  let rest = m[2];
  let headers: Params = {};
  const q = rest.indexOf('?');
  if (q >= 0) {
    headers = Object.fromEntries(rest.slice(q + 1).split('&').map((kv) => kv.split('=') as [string, string]));
    rest = rest.slice(0, q);
  }
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) { user = rest.slice(0, at); rest = rest.slice(at + 1); }
  const semi = rest.indexOf(';');
  const hp = semi >= 0 ? rest.slice(0, semi) : rest;
  const params = semi >= 0 ? parseParams(rest.slice(semi)) : {};
  const { host, port } = splitHostPort(hp);
  return { scheme: m[1].toLowerCase() as SipUri['scheme'], user, host, port, params, headers };
}

export function formatUri(u: SipUri): string {
  const user = u.user !== undefined ? `${u.user}${u.password ? `:${u.password}` : ''}@` : '';
  const hdrs = Object.entries(u.headers);
  return `${u.scheme}:${user}${formatHost(u.host)}${u.port ? `:${u.port}` : ''}${formatParams(u.params)}${
    hdrs.length ? `?${hdrs.map(([k, v]) => `${k}=${v ?? ''}`).join('&')}` : ''
  }`;
}

export function parseNameAddr(value: string): NameAddr | undefined {
  const v = value.trim();
  const lt = v.indexOf('<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (gt < 0) return undefined;
    const uri = parseUri(v.slice(lt + 1, gt));
    if (!uri) return undefined;
    const dn = v.slice(0, lt).trim().replace(/^"(.*)"$/, '$1');
    return { displayName: dn || undefined, uri, params: parseParams(v.slice(gt + 1)) };
  }
  const semi = v.indexOf(';');
  const uri = parseUri(semi >= 0 ? v.slice(0, semi) : v);
  if (!uri) return undefined;
  return { uri, params: semi >= 0 ? parseParams(v.slice(semi)) : {} };
}

export function formatNameAddr(n: NameAddr): string {
  const dn = n.displayName ? `"${n.displayName}" ` : '';
  return `${dn}<${formatUri(n.uri)}>${formatParams(n.params)}`;
}

export function getCallId(m: SipMessage): string | undefined {
  return getHeader(m, 'Call-ID')?.trim();
}
export function getCSeq(m: SipMessage): CSeq | undefined {
  const v = getHeader(m, 'CSeq');
  return v === undefined ? undefined : parseCSeq(v);
}
export function getTopVia(m: SipMessage): Via | undefined {
  const v = getHeaders(m, 'Via')[0];
  return v === undefined ? undefined : parseVia(v);
}
function tagOf(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = parseNameAddr(v)?.params.tag;
  return t ?? undefined;
}
export function getFromTag(m: SipMessage): string | undefined {
  return tagOf(getHeader(m, 'From'));
}
export function getToTag(m: SipMessage): string | undefined {
  return tagOf(getHeader(m, 'To'));
}

export type ParseResult =
  | { ok: true; message: SipMessage }
  | { ok: false; error: { reason: string; status: number; partial?: Partial<SipRequest> } };

export function parseMessage(buf: Buffer): ParseResult {
  const sep = buf.indexOf('\r\n\r\n');
  const lfSep = buf.indexOf('\n\n');
  let headEnd: number;
  let bodyStart: number;
  if (sep >= 0 && (lfSep < 0 || sep < lfSep)) { headEnd = sep; bodyStart = sep + 4; }
  else if (lfSep >= 0) { headEnd = lfSep; bodyStart = lfSep + 2; }
  else { headEnd = buf.length; bodyStart = buf.length; }
  const lines = buf.subarray(0, headEnd).toString('latin1').split(/\r?\n/);
  while (lines.length && lines[0] === '') lines.shift();
  const start = lines.shift();
  if (!start) return { ok: false, error: { reason: 'empty message', status: 400 } };
  const headers: HeaderField[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length) { headers[headers.length - 1].value += ' ' + line.trim(); continue; }
    const c = line.indexOf(':');
    if (c <= 0) return { ok: false, error: { reason: `malformed header line "${line.slice(0, 40)}"`, status: 400 } };
    headers.push({ name: canonicalName(line.slice(0, c)), value: line.slice(c + 1).trim() });
  }
  const clText = headers.find((h) => h.name === 'Content-Length')?.value;
  const cl = clText === undefined ? buf.length - bodyStart : Number(clText);
  const body = Buffer.from(buf.subarray(bodyStart, bodyStart + (Number.isFinite(cl) ? cl : 0)));
  const resp = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(start);
  if (resp) return { ok: true, message: { kind: 'response', status: Number(resp[1]), reason: resp[2], headers, body } };
  const req = /^([A-Za-z]+)\s+(\S+)\s+SIP\/2\.0$/.exec(start);
  if (req) return { ok: true, message: { kind: 'request', method: req[1].toUpperCase(), uri: req[2], headers, body } };
  return { ok: false, error: { reason: `malformed start line "${start.slice(0, 40)}"`, status: 400 } };
}

export function serializeMessage(m: SipMessage): Buffer {
  const start = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = [start];
  for (const h of m.headers) if (h.name !== 'Content-Length') lines.push(`${h.name}: ${h.value}`);
  lines.push(`Content-Length: ${m.body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), m.body]);
}

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 408: 'Request Timeout', 481: 'Call/Transaction Does Not Exist', 486: 'Busy Here',
  487: 'Request Terminated', 488: 'Not Acceptable Here', 500: 'Server Internal Error', 503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 300 ? 'OK' : 'Error');
}

export interface ResponseOptions {
  toTag?: string;
  headers?: HeaderField[];
  body?: Buffer;
}

/** RFC 3261 §8.2.6.2: copy Via (in order), From, To (+tag), Call-ID, CSeq from the request. */
export function createResponse(req: SipRequest, status: number, reason?: string, opts: ResponseOptions = {}): SipResponse {
  const headers: HeaderField[] = [];
  for (const h of req.headers) {
    if (h.name === 'Via' || h.name === 'From' || h.name === 'Call-ID' || h.name === 'CSeq') headers.push({ ...h });
    if (h.name === 'To') {
      const hasTag = tagOf(h.value) !== undefined;
      headers.push({ name: 'To', value: !hasTag && opts.toTag && status > 100 ? `${h.value};tag=${opts.toTag}` : h.value });
    }
  }
  headers.push(...(opts.headers ?? []));
  return { kind: 'response', status, reason: reason ?? reasonPhrase(status), headers, body: opts.body ?? Buffer.alloc(0) };
}

/** RFC 3261 §8.2 / §16.3 minimal sanity rules. */
export function checkRequest(req: SipRequest, datagramLength?: number): { status: number; reason: string } | null {
  for (const h of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    if (getHeader(req, h) === undefined) return { status: 400, reason: `Missing ${h} header` };
  }
  const cseq = getCSeq(req);
  if (!cseq) return { status: 400, reason: 'Malformed CSeq header' };
  if (cseq.method.toUpperCase() !== req.method) return { status: 400, reason: 'CSeq method does not match request method' };
  const mf = getHeader(req, 'Max-Forwards');
  if (mf !== undefined && Number(mf) === 0 && req.method !== 'OPTIONS') return { status: 483, reason: 'Too Many Hops' };
  const cl = getHeader(req, 'Content-Length');
  if (datagramLength !== undefined && cl !== undefined && Number(cl) > req.body.length) {
    return { status: 400, reason: 'Content-Length larger than the datagram' };
  }
  return null;
}

export type FramerEvent = { message: Buffer } | { error: string };

/** Content-Length stream framer for TCP (RFC 3261 §18.3). */
export class SipStreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onEvent: (ev: FramerEvent) => void, private readonly maxSize = 65_536) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      while (this.buf.length && (this.buf[0] === 0x0d || this.buf[0] === 0x0a)) this.buf = this.buf.subarray(1);
      if (!this.buf.length) return;
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buf.length > this.maxSize) return this.fail('header section exceeds 64 KiB');
        return;
      }
      const head = this.buf.subarray(0, end).toString('latin1');
      const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
      if (!m) return this.fail('message without Content-Length on a stream');
      const total = end + 4 + Number(m[1]);
      if (total > this.maxSize) return this.fail('message larger than 64 KiB');
      if (this.buf.length < total) return;
      const msg = Buffer.from(this.buf.subarray(0, total));
      this.buf = this.buf.subarray(total);
      this.onEvent({ message: msg });
    }
  }

  private fail(error: string): void {
    this.buf = Buffer.alloc(0);
    this.onEvent({ error });
  }
}
