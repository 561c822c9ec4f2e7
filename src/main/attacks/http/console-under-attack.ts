// The headless console as `npm run serve` builds it (real core, real HTTP server on loopback, SQLite in a temp
// folder), and raw HTTP and WebSocket clients that send exactly the headers an attacking page or host would.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startHttpServer, type RunningHttpServer } from '../../api/http/server';
import { createCore, type Core } from '../../core/create-core';
import { freePortRange } from '../../live/testing/live-rig';

export interface ConsoleUnderAttack {
  core: Core;
  http: RunningHttpServer;
  port: number;
  /** Host header a browser on this machine sends. */
  host: string;
  origin: string;
  token(): string;
  close(): Promise<void>;
}

export async function startConsoleUnderAttack(opts: { maxEventBufferBytes?: number } = {}): Promise<ConsoleUnderAttack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-attack-'));
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-attack-page-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>console</title></head><body></body></html>');
  const sipPort = await freePortRange(1);
  const core = await createCore({ dataDir, flags: { sipIp: '127.0.0.1', sipPort, password: 'site-password-1' }, statsIntervalMs: 0 });
  const server = await startHttpServer({
    handlers: core.handlers,
    events: core.events,
    host: '127.0.0.1',
    port: 0,
    rendererDir,
    token: () => core.settings.apiToken,
    live: core.live,
    maxEventBufferBytes: opts.maxEventBufferBytes,
  });
  core.settings.onTokenChange(() => server.disconnectAll());
  const host = `127.0.0.1:${server.port}`;
  return {
    core,
    http: server,
    port: server.port,
    host,
    origin: `http://${host}`,
    token: () => core.settings.apiToken,
    async close() {
      await server.close();
      await core.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly these headers (Host included), to the console on loopback. */
export function rawRequest(
  port: number,
  req: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: req.method ?? 'POST', path: req.path, headers: req.headers, setHost: !req.headers?.host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Opens a WebSocket with these headers and subprotocols; resolves with the socket or the refusal's status. */
export function rawSocket(
  port: number,
  pathAndQuery: string,
  opts: { headers?: Record<string, string>; protocols?: string[]; origin?: string } = {},
): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathAndQuery}`, opts.protocols ?? [], { headers: opts.headers, origin: opts.origin });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ refused: res.statusCode ?? 0 });
    });
    ws.once('error', reject);
  });
}

/**
 * A WebSocket client that completes the handshake and then never reads: the TCP receive window fills and
 * everything the server sends after that queues in the server.
 */
export function stalledEventReader(port: number, host: string, token: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.setNoDelay(true);
    s.once('error', reject);
    s.once('connect', () => {
      s.write(
        'GET /api/events HTTP/1.1\r\n' +
          `Host: ${host}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
          `Sec-WebSocket-Protocol: gb.v1, gb.token.${token}\r\n` +
          `Authorization: Bearer ${token}\r\n\r\n`,
      );
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      s.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      s.pause();
      resolve(s);
    };
    s.on('data', onData);
  });
}
