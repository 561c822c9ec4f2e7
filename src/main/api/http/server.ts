// The headless shell's transport: POST /api/<method> runs a contract method, /api/events streams events
// over WebSocket, everything else serves the built renderer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiErrorBody } from '../../../shared/contract';
import { ApiError, HTTP_STATUS_OF } from '../../../shared/errors';
import type { ApiEventSource } from '../events';
import { dispatch, type ApiHandlers } from '../handlers';
import { isLoopbackHost, presentedToken, tokenMatches } from './auth';
import { createMediaSocket, type FrameSource } from './media-socket';
import { serveStatic } from './static-files';

export interface HttpServerOptions {
  handlers: ApiHandlers;
  events: ApiEventSource;
  host: string;
  port: number;
  rendererDir: string;
  /** Required from every API caller when the server listens on a non-loopback address. */
  token: string;
  maxBodyBytes?: number;
  /** Live view frames for /api/media (binary WebSocket); absent: no media endpoint. */
  live?: FrameSource;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const requireToken = !isLoopbackHost(opts.host);
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const sockets = new Set<WebSocket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => sendError(res, new ApiError('internal', String(err))));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/health') {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (requireToken && !tokenMatches(opts.token, presentedToken(req))) {
        sendError(res, new ApiError('unauthorized', 'this console listens on a network address: send the API token as "Authorization: Bearer <token>" (shown in Settings and printed at start-up)'));
        return;
      }
      if (req.method !== 'POST') {
        sendError(res, new ApiError('bad_request', `use POST ${url.pathname} with a JSON object body`));
        return;
      }
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
        sendJson(res, 200, (await dispatch(opts.handlers, method, params)) ?? null);
      } catch (err) {
        sendError(res, err instanceof ApiError ? err : new ApiError('internal', String(err)));
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'bad_request', message: `${req.method} is not supported here` } });
      return;
    }
    serveStatic(opts.rendererDir, url.pathname, res, SECURITY_HEADERS);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const media = opts.live ? createMediaSocket({ live: opts.live, requireToken, token: opts.token }) : undefined;
  server.on('upgrade', (req, socket, head) => {
    if (media?.handleUpgrade(req, socket, head)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/events' || (requireToken && !tokenMatches(opts.token, presentedToken(req)))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  const unsubscribe = opts.events.onAny((event, payload) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on('error', (err) => console.error('HTTP server error:', err));
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        media?.close();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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

function sendError(res: http.ServerResponse, err: ApiError): void {
  const body: { error: ApiErrorBody } = { error: err.toBody() };
  sendJson(res, HTTP_STATUS_OF[err.code], body);
}
