// The headless shell's transport: POST /api/<method> runs a contract method, /api/events streams events
// over WebSocket, everything else serves the built renderer. Every API request and upgrade passes the
// request guard (Host, Origin, token); method calls also need a JSON body. Request URLs are never logged.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { OPT_IN_EVENTS, isOptInEvent, type ApiErrorBody, type DownloadList, type ServerStats } from '../../../shared/contract';
import { ApiError, HTTP_STATUS_OF } from '../../../shared/errors';
import type { ApiEventSource } from '../events';
import { clientIdFrom, type ApiClients } from '../clients';
import { dispatch, type ApiHandlers } from '../handlers';
import { pickProtocol } from './auth';
import { downloadFileId, findDownloadFile, sendDownloadFile } from './download-file';
import { exportFileName, findExportFile } from './export-file';
import { EventCoalescer } from './event-coalescer';
import { EventStream, type EventStreamStats, type OptInDemand } from './event-stream';
import { parseListenFrame } from '../listen-frame';
import { createMediaSocket, type FrameSource } from './media-socket';
import { checkJsonBody, createRequestGuard, type Refusal } from './request-guard';
import { serveStatic } from './static-files';
import { isLocalPeer, withToken } from './token-page';

export interface HttpServerOptions {
  handlers: ApiHandlers;
  events: ApiEventSource;
  host: string;
  port: number;
  rendererDir: string;
  /** Required from every API caller, loopback included; a function so a rotated token applies at once. */
  token: string | (() => string);
  maxBodyBytes?: number;
  /** Bytes of unread events one /api/events client may have queued before it is disconnected. */
  maxEventBufferBytes?: number;
  /** Host names besides loopback and the listen address that this console answers to. */
  extraHosts?: readonly string[];
  /** Live view frames for /api/media (binary WebSocket); absent: no media endpoint. */
  live?: FrameSource;
  /**
   * API clients: a client names itself with X-GB-Client on calls and ?client= on /api/events; when its last event
   * socket closes it is gone (a PTZ move it started is stopped).
   */
  clients?: ApiClients;
  /** The folder log.export writes to: its files are served at GET /api/exports/<name>; absent: not served. */
  exportDir?: string;
  /** How many event clients receive each opt-in event (the live log), at start and whenever it changes. */
  onOptInDemand?: OptInDemand;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Event stream figures (clients, slow clients dropped, bytes queued). */
  eventStats(): EventStreamStats;
  /** Disconnects every WebSocket (after a token rotation: each must present the new token). */
  disconnectAll(): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  // Cross-origin isolated (the page loads only its own files): SharedArrayBuffer, so the H.265 WebAssembly
  // decoder runs with threads and reads the stream as it arrives.
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** Close code for WebSockets closed because the token was rotated. */
export const TOKEN_ROTATED = 4401;

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const token = typeof opts.token === 'function' ? opts.token : () => opts.token as string;
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  let port = opts.port;
  const guard = createRequestGuard({ listenHost: opts.host, port: () => port, token, extraHosts: opts.extraHosts });
  const stream = new EventStream(opts.maxEventBufferBytes, undefined, opts.onOptInDemand);
  for (const event of OPT_IN_EVENTS) opts.onOptInDemand?.(event, 0);
  /** server.stats (method and event) carries this transport's own figure beside the core's. */
  const withStreamStats = (s: ServerStats): ServerStats => ({ ...s, eventClientsDropped: stream.stats().dropped });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => sendError(res, new ApiError('internal', String(err))));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const site = guard.checkSite(req);
    if (site) return sendRefusal(res, site);
    if (url.pathname === '/api/health') return sendJson(res, 200, { ok: true });
    if (url.pathname.startsWith('/api/')) {
      const refusal = guard.checkCaller(req);
      if (refusal) return sendRefusal(res, refusal);
      const fileOf = downloadFileId(url.pathname);
      if (fileOf !== null && (req.method === 'GET' || req.method === 'HEAD')) {
        const { downloads } = (await dispatch(opts.handlers, 'download.list', {})) as DownloadList;
        return sendDownloadFile(res, findDownloadFile(downloads, fileOf), SECURITY_HEADERS, req.method === 'HEAD');
      }
      const exported = opts.exportDir ? exportFileName(url.pathname) : null;
      if (exported !== null && opts.exportDir && (req.method === 'GET' || req.method === 'HEAD')) {
        return sendDownloadFile(res, findExportFile(opts.exportDir, exported), SECURITY_HEADERS, req.method === 'HEAD');
      }
      if (req.method !== 'POST') {
        sendError(res, new ApiError('bad_request', `use POST ${url.pathname} with a JSON object body`));
        return;
      }
      const notJson = checkJsonBody(req);
      if (notJson) return sendRefusal(res, notJson);
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const body = await readBody(req, maxBody);
      if (body === null) {
        sendError(res, new ApiError('bad_request', `request body is larger than ${maxBody} bytes`));
        return;
      }
      let params: unknown = {};
      if (body.length > 0) {
        try {
          params = JSON.parse(body.toString('utf8'));
        } catch (err) {
          sendError(res, new ApiError('bad_request', `request body is not valid JSON: ${(err as Error).message}`));
          return;
        }
      }
      try {
        const clientId = clientIdFrom(req.headers['x-gb-client']);
        const result = await dispatch(opts.handlers, method, params, clientId ? { clientId: `http:${clientId}` } : undefined);
        sendJson(res, 200, method === 'server.stats' ? withStreamStats(result as ServerStats) : (result ?? null));
      } catch (err) {
        sendError(res, err instanceof ApiError ? err : new ApiError('internal', String(err)));
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'bad_request', message: `${req.method} is not supported here` } });
      return;
    }
    const page = isLocalPeer(req) ? (html: string) => withToken(html, token()) : undefined;
    serveStatic(opts.rendererDir, url.pathname, res, SECURITY_HEADERS, page);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, handleProtocols: pickProtocol });
  const media = opts.live ? createMediaSocket({ live: opts.live, authorize: (req) => guard.checkCaller(req) }) : undefined;
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (media?.handleUpgrade(req, socket, head)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/events') return refuseUpgrade(socket, { status: 400, code: 'bad_request', message: `no WebSocket at ${url.pathname.slice(0, 100)}` });
    const refusal = guard.checkCaller(req);
    if (refusal) return refuseUpgrade(socket, refusal);
    const clientId = clientIdFrom(url.searchParams.get('client'));
    wss.handleUpgrade(req, socket, head, (ws) => {
      stream.add(ws, url.searchParams.get('batch') === '1', url.searchParams.get('optin') === '1');
      ws.on('message', (data, isBinary) => {
        const frame = parseListenFrame(data as Buffer, isBinary);
        if ('refused' in frame) return ws.close(1008, frame.refused);
        stream.listen(ws, frame.listen, true);
        stream.listen(ws, frame.unlisten, false);
      });
      const clients = opts.clients;
      if (!clientId || !clients) return;
      clients.connected(`http:${clientId}`);
      ws.once('close', () => clients.disconnected(`http:${clientId}`));
    });
  });
  const coalescer = new EventCoalescer((batch) => stream.broadcastBatch(batch));
  const unsubscribe = opts.events.onAny((event, payload) => {
    if (stream.stats().clients === 0 || (isOptInEvent(event) && stream.listeners(event) === 0)) return;
    coalescer.push(event, event === 'server.stats' ? withStreamStats(payload as ServerStats) : payload);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on('error', (err) => console.error('HTTP server error:', err));
  port = (server.address() as AddressInfo).port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`,
    port,
    eventStats: () => stream.stats(),
    disconnectAll() {
      stream.closeAll(TOKEN_ROTATED, 'the API token changed');
      media?.close(TOKEN_ROTATED, 'the API token changed');
    },
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        coalescer.dispose();
        media?.close();
        stream.terminateAll();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function refuseUpgrade(socket: import('node:stream').Duplex, refusal: Refusal): void {
  const text = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  const reason = http.STATUS_CODES[refusal.status] ?? 'Refused';
  socket.end(
    `HTTP/1.1 ${refusal.status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS });
  res.end(body);
}

function sendRefusal(res: http.ServerResponse, refusal: Refusal): void {
  // The body is not read: close the connection so an unread upload cannot follow.
  res.setHeader('connection', 'close');
  sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } satisfies ApiErrorBody });
}

function sendError(res: http.ServerResponse, err: ApiError): void {
  const body: { error: ApiErrorBody } = { error: err.toBody() };
  sendJson(res, HTTP_STATUS_OF[err.code], body);
}
