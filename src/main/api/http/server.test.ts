import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { EventBus } from '../../core/event-bus';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from './auth';
import type { ApiHandlers } from '../handlers';
import { startHttpServer, type RunningHttpServer } from './server';
import { EVENTS_PER_FRAME } from './event-stream';
import type { DeviceSummary } from '../../../shared/contract';

const status = {
  productName: 'GB28181 Console', version: 't', sipId: '34020000002000000001', domain: '3402000000',
  sipListen: [], httpUrl: null, startedAt: 0, uptimeSec: 0, dataDir: '/x',
};
const handlers = {
  'server.status': () => status,
  'settings.get': () => { throw new Error('disk on fire'); },
  'settings.update': () => { throw new Error('not used'); },
} as unknown as ApiHandlers;

let running: RunningHttpServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

async function start(host: string, events = new EventBus()) {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  const srv = await startHttpServer({ handlers, events, host, port: 0, rendererDir, token: 'sekret' });
  running.push(srv);
  return { srv, events, rendererDir, base: `http://127.0.0.1:${srv.port}` };
}

const JSON_TOKEN = { 'content-type': 'application/json', authorization: 'Bearer sekret' };
const post = (url: string, body: string, headers: Record<string, string> = JSON_TOKEN) => fetch(url, { method: 'POST', body, headers });

describe('HTTP API', () => {
  it('runs a method, and maps unknown methods, bad JSON and handler failures to error bodies', async () => {
    const { base } = await start('127.0.0.1');
    const ok = await post(`${base}/api/server.status`, '{}');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).sipId).toBe('34020000002000000001');

    const unknown = await post(`${base}/api/device.explode`, '{}');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error).toEqual({ code: 'unknown_method', message: 'unknown API method "device.explode"' });

    const badJson = await post(`${base}/api/server.status`, '{nope');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as any).error.message).toMatch(/not valid JSON/);

    const arrayParams = await post(`${base}/api/server.status`, '[1]');
    expect(arrayParams.status).toBe(400);

    const failing = await post(`${base}/api/settings.get`, '{}');
    expect(failing.status).toBe(500);
    expect(((await failing.json()) as any).error.message).toBe('settings.get failed: disk on fire');

    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const page = await fetch(`${base}/devices/123`);
    expect(await page.text()).toContain('<title>console</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves the page and its files cross-origin isolated (COOP same-origin, COEP require-corp), .wasm as application/wasm', async () => {
    const { base, rendererDir } = await start('127.0.0.1');
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'decoder.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    for (const url of [`${base}/`, `${base}/assets/decoder.wasm`, `${base}/api/health`]) {
      const res = await fetch(url);
      expect(res.headers.get('cross-origin-opener-policy'), url).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy'), url).toBe('require-corp');
      expect(res.headers.get('cross-origin-resource-policy'), url).toBe('same-origin');
    }
    expect((await fetch(`${base}/assets/decoder.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('does not serve files outside the renderer folder', async () => {
    const { base } = await start('127.0.0.1');
    const res = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await res.text()).toContain('<title>console</title>');
  });

  it('requires the token, by Bearer or Basic auth, on a network address and runs nothing without it', async () => {
    const { base } = await start('0.0.0.0');
    let calls = 0;
    const orig = handlers['server.status'];
    (handlers as Record<string, unknown>)['server.status'] = () => { calls++; return status; };
    try {
      const denied = await post(`${base}/api/server.status`, '{}', { 'content-type': 'application/json' });
      expect(denied.status).toBe(401);
      expect(((await denied.json()) as any).error.code).toBe('unauthorized');
      const wrong = await post(`${base}/api/server.status`, '{}', { 'content-type': 'application/json', authorization: 'Bearer nope' });
      expect(wrong.status).toBe(401);
      expect(calls).toBe(0);
      const allowed = await post(`${base}/api/server.status`, '{}');
      expect(allowed.status).toBe(200);
      const basic = await post(`${base}/api/server.status`, '{}', { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(':sekret').toString('base64')}` });
      expect(basic.status).toBe(200);
      expect(calls).toBe(2);
    } finally {
      (handlers as Record<string, unknown>)['server.status'] = orig;
    }
  });

  it('streams contract events over the WebSocket', async () => {
    const { srv, events } = await start('127.0.0.1');
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/api/events`, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}sekret`]);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    expect(ws.protocol).toBe(WS_PROTOCOL);
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    events.emit('server.statusChanged', status);
    expect(await received).toEqual({ event: 'server.statusChanged', payload: status });
    ws.close();
  });

  it('sends a burst of device events to a console that asks for batches as few arrays, one entry per device', async () => {
    const { srv, events } = await start('127.0.0.1');
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/api/events?batch=1`, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}sekret`]);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const frames: unknown[] = [];
    let entries = 0;
    const all = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { event: string; payload: { deviceId: string } }[];
        frames.push(frame);
        for (const e of frame) if (e.payload.deviceId === 'd999' && e.event === 'device.offline') resolve();
        entries += frame.length;
      }),
    );
    const device = (i: number, online: boolean) => ({ deviceId: `d${i}`, name: 'IP CAMERA', online }) as unknown as DeviceSummary;
    for (let i = 0; i < 1000; i++) events.emit('device.online', device(i, true));
    for (let i = 0; i < 1000; i++) events.emit('device.updated', device(i, true));
    for (let i = 0; i < 1000; i++) events.emit('device.offline', { ...device(i, false), reason: 'gone' });
    await all;
    // 1,000 devices' three events each: about 1,000 entries, in frames of at most EVENTS_PER_FRAME (d0 went at once).
    expect(entries).toBeLessThanOrEqual(1001);
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(1000 / EVENTS_PER_FRAME) + 2);
    ws.close();
  });

  it('refuses the event stream without the token on a network address', async () => {
    const { srv } = await start('0.0.0.0');
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/api/events`);
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', (e) => resolve(String(e.message)));
    });
    expect(outcome).toMatch(/401/);
  });
});
