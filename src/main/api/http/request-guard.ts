// Who may talk to the HTTP API: one small function per rule, applied in order to every /api/ request and every
// WebSocket upgrade. Host defeats DNS rebinding (a page on evil.example resolved to 127.0.0.1 still sends
// "Host: evil.example"); Origin defeats cross-site requests from pages the user has open; Content-Type keeps a
// form or text/plain POST (which a browser sends without a CORS preflight) away from methods; the token proves
// the caller was handed it (same-origin page, token file or the installer).
import type http from 'node:http';
import os from 'node:os';
import { presentedToken, tokenMatches } from './auth';

export interface Refusal {
  status: 400 | 401 | 403 | 415;
  code: 'bad_request' | 'unauthorized' | 'forbidden';
  message: string;
}

export interface GuardOptions {
  /** The address the server listens on (0.0.0.0 / :: mean every local interface). */
  listenHost: string;
  /** The port the server listens on, once known. */
  port: () => number;
  token: () => string;
  /** Extra host names this console answers to (tests; a machine name an installer uses). */
  extraHosts?: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export function isLoopbackName(host: string): boolean {
  return LOOPBACK_NAMES.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
}

/** Host names (no port, IPv6 without brackets, lower case) the console accepts in Host and Origin. */
export function ownHostNames(listenHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>([...LOOPBACK_NAMES, ...extra.map((h) => h.toLowerCase())]);
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '';
  if (!wildcard) names.add(listenHost.toLowerCase());
  else {
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
    names.add(os.hostname().toLowerCase());
  }
  return names;
}

/** "Host: [::1]:8080" -> { name: '::1', port: 8080 }; null when it does not parse. */
export function splitHost(value: string): { name: string; port: number | null } | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { name: (m[1] ?? m[2]).toLowerCase().replace(/\.$/, ''), port: m[3] ? Number(m[3]) : null };
}

export function checkHost(req: http.IncomingMessage, names: Set<string>): Refusal | null {
  const host = splitHost(req.headers.host ?? '');
  if (host && (isLoopbackName(host.name) || names.has(host.name))) return null;
  return {
    status: 403,
    code: 'forbidden',
    message: `this console answers only to its own address (localhost or the address it listens on); Host "${String(req.headers.host ?? '').slice(0, 100)}" is refused`,
  };
}

/** Browsers send Origin on every cross-site POST and WebSocket; a request without it is not from a web page. */
export function checkOrigin(req: http.IncomingMessage, names: Set<string>, port: number): Refusal | null {
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return foreignOrigin(origin ?? 'another site');
  if (origin === undefined) return null;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return foreignOrigin(origin);
  }
  const host = splitHost(url.host);
  const originPort = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const sameHost = host !== null && (isLoopbackName(host.name) || names.has(host.name));
  if ((url.protocol === 'http:' || url.protocol === 'https:') && sameHost && originPort === port) return null;
  return foreignOrigin(origin);
}

function foreignOrigin(origin: string): Refusal {
  return { status: 403, code: 'forbidden', message: `requests from another web site (${origin.slice(0, 100)}) are refused` };
}

export function checkToken(req: http.IncomingMessage, token: string): Refusal | null {
  if (tokenMatches(token, presentedToken(req))) return null;
  return {
    status: 401,
    code: 'unauthorized',
    message:
      'send the API token as "Authorization: Bearer <token>"; it is in the file api-token in the data folder, ' +
      'in Settings, and built into the console page this server serves',
  };
}

/** Method calls carry a JSON body: a form or text/plain POST is never a call. */
export function checkJsonBody(req: http.IncomingMessage): Refusal | null {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return null;
  return { status: 415, code: 'bad_request', message: `send method calls with "Content-Type: application/json"; got "${type || 'none'}"` };
}

export interface RequestGuard {
  /** Host only: pages (a link from another site may open the console; it cannot read it). */
  checkSite(req: http.IncomingMessage): Refusal | null;
  /** Host, Origin and token: API calls and WebSocket upgrades. */
  checkCaller(req: http.IncomingMessage): Refusal | null;
}

export function createRequestGuard(opts: GuardOptions): RequestGuard {
  const names = ownHostNames(opts.listenHost, opts.extraHosts);
  return {
    checkSite: (req) => checkHost(req, names),
    checkCaller: (req) => checkHost(req, names) ?? checkOrigin(req, names, opts.port()) ?? checkToken(req, opts.token()),
  };
}
