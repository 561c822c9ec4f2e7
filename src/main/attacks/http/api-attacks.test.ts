// Attacks on the console's HTTP API from the two places they really come from: a web page the installer has
// open in the same browser (cross-site requests, DNS rebinding) and a script on the machine or the network that
// was never handed the token. Each is made against the real server with exactly the headers the attacker sends.
import { afterEach, describe, expect, it } from 'vitest';
import { MASKED_SECRET } from '../../../shared/contract';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../api/http/auth';
import { rawRequest, rawSocket, startConsoleUnderAttack, type ConsoleUnderAttack } from './console-under-attack';

let victim: ConsoleUnderAttack | undefined;
afterEach(async () => {
  await victim?.close();
  victim = undefined;
});

async function start(): Promise<ConsoleUnderAttack> {
  victim = await startConsoleUnderAttack();
  return victim;
}

const SIM_START = JSON.stringify({ count: 1, channels: 1 });

describe('attack: a web page in the installer\'s browser', () => {
  it('a cross-site text/plain POST (no CORS preflight) runs nothing and reads no secret', async () => {
    const c = await start();
    const res = await rawRequest(c.port, {
      path: '/api/settings.get',
      headers: { host: c.host, origin: 'http://evil.example', 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('site-password-1');
    expect(res.body).not.toContain(c.token());

    const simStart = await rawRequest(c.port, {
      path: '/api/sim.start',
      headers: { host: c.host, origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: SIM_START,
    });
    expect(simStart.status).toBe(403);
    expect((await c.core.handlers['sim.list']({})).deviceIds).toEqual([]);
  });

  it('a foreign Origin is refused even with the right token and JSON', async () => {
    const c = await start();
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${c.port + 1}`, `https://127.0.0.1:${c.port}.evil.example`]) {
      const res = await rawRequest(c.port, {
        path: '/api/server.status',
        headers: { host: c.host, origin, 'content-type': 'application/json', authorization: `Bearer ${c.token()}` },
        body: '{}',
      });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden');
    }
  });

  it('a cross-site WebSocket gets no events, even when it somehow has the token', async () => {
    const c = await start();
    const protocols = [WS_PROTOCOL, WS_TOKEN_PREFIX + c.token()];
    expect(await rawSocket(c.port, '/api/events', { origin: 'http://evil.example', protocols })).toEqual({ refused: 403 });
    expect(await rawSocket(c.port, '/api/media?sessionId=x', { origin: 'http://evil.example', protocols })).toEqual({ refused: 403 });
    expect(await rawSocket(c.port, '/api/events', { origin: 'http://evil.example' })).toEqual({ refused: 403 });
  });

  it('DNS rebinding: a request naming another host is refused, and the page it loads carries no token', async () => {
    const c = await start();
    const rebound = { host: `evil.example:${c.port}`, origin: `http://evil.example:${c.port}`, 'content-type': 'application/json' };
    const call = await rawRequest(c.port, { path: '/api/settings.get', headers: { ...rebound, authorization: `Bearer ${c.token()}` }, body: '{}' });
    expect(call.status).toBe(403);
    const page = await rawRequest(c.port, { method: 'GET', path: '/', headers: { host: `evil.example:${c.port}` } });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain(c.token());
    expect(await rawSocket(c.port, '/api/events', { headers: { host: `evil.example:${c.port}` }, origin: `http://evil.example:${c.port}` })).toEqual({
      refused: 403,
    });
    for (const host of ['127.0.0.1.evil.example', 'localhost.evil.example', `evil.example`]) {
      const res = await rawRequest(c.port, { path: '/api/server.status', headers: { host, 'content-type': 'application/json', authorization: `Bearer ${c.token()}` }, body: '{}' });
      expect(res.status, host).toBe(403);
    }
  });

  it('the console page itself (same origin, this machine) carries the token and works with it', async () => {
    const c = await start();
    const page = await rawRequest(c.port, { method: 'GET', path: '/', headers: { host: c.host } });
    const token = /<meta name="gb-api-token" content="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBe(c.token());
    expect(page.headers['cache-control']).toBe('no-store');
    const res = await rawRequest(c.port, {
      path: '/api/server.status',
      headers: { host: c.host, origin: c.origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const ws = await rawSocket(c.port, '/api/events', { origin: c.origin, protocols: [WS_PROTOCOL, WS_TOKEN_PREFIX + token] });
    expect('ws' in ws && ws.ws.protocol).toBe(WS_PROTOCOL);
    if ('ws' in ws) ws.ws.terminate();
  });
});

describe('attack: a script that was never handed the token', () => {
  it('gets 401 on loopback for every method and the event stream, and starts nothing', async () => {
    const c = await start();
    for (const method of ['settings.get', 'sim.start', 'device.list', 'live.list']) {
      const res = await rawRequest(c.port, { path: `/api/${method}`, headers: { host: c.host, 'content-type': 'application/json' }, body: SIM_START });
      expect(res.status, method).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('unauthorized');
    }
    const wrong = await rawRequest(c.port, { path: '/api/sim.start', headers: { host: c.host, 'content-type': 'application/json', authorization: 'Bearer guess' }, body: SIM_START });
    expect(wrong.status).toBe(401);
    expect((await c.core.handlers['sim.list']({})).deviceIds).toEqual([]);
    expect(await rawSocket(c.port, '/api/events')).toEqual({ refused: 401 });
    expect(await rawSocket(c.port, '/api/media?sessionId=x')).toEqual({ refused: 401 });
  });

  it('a token in the URL is not accepted (URLs end up in logs and history)', async () => {
    const c = await start();
    const res = await rawRequest(c.port, { path: `/api/server.status?token=${c.token()}`, headers: { host: c.host, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(await rawSocket(c.port, `/api/events?token=${c.token()}`)).toEqual({ refused: 401 });
  });

  it('a text/plain POST with the token is still not a method call', async () => {
    const c = await start();
    const res = await rawRequest(c.port, { path: '/api/sim.start', headers: { host: c.host, 'content-type': 'text/plain', authorization: `Bearer ${c.token()}` }, body: SIM_START });
    expect(res.status).toBe(415);
    expect((await c.core.handlers['sim.list']({})).deviceIds).toEqual([]);
  });

  it('with the token, settings.get still masks the password and the token unless asked to reveal them', async () => {
    const c = await start();
    const headers = { host: c.host, 'content-type': 'application/json', authorization: `Bearer ${c.token()}` };
    const masked = await rawRequest(c.port, { path: '/api/settings.get', headers, body: '{}' });
    expect(masked.status).toBe(200);
    expect(JSON.parse(masked.body).values.password).toBe(MASKED_SECRET);
    expect(masked.body).not.toContain('site-password-1');
    expect(masked.body).not.toContain(c.token());
    const revealed = JSON.parse((await rawRequest(c.port, { path: '/api/settings.get', headers, body: '{"reveal":true}' })).body);
    expect(revealed.values.password).toBe('site-password-1');
  });

  it('a rotated token locks out the old one at once, event sockets included', async () => {
    const c = await start();
    const old = c.token();
    const opened = await rawSocket(c.port, '/api/events', { protocols: [WS_PROTOCOL, WS_TOKEN_PREFIX + old] });
    if (!('ws' in opened)) throw new Error(`refused ${opened.refused}`);
    const closed = new Promise<number>((r) => opened.ws.once('close', (code) => r(code)));
    const rotated = await rawRequest(c.port, { path: '/api/settings.rotateToken', headers: { host: c.host, 'content-type': 'application/json', authorization: `Bearer ${old}` }, body: '{}' });
    const fresh = JSON.parse(rotated.body).apiToken as string;
    expect(fresh).not.toBe(old);
    expect(await closed).toBe(4401);
    const withOld = await rawRequest(c.port, { path: '/api/server.status', headers: { host: c.host, 'content-type': 'application/json', authorization: `Bearer ${old}` }, body: '{}' });
    expect(withOld.status).toBe(401);
    const withNew = await rawRequest(c.port, { path: '/api/server.status', headers: { host: c.host, 'content-type': 'application/json', authorization: `Bearer ${fresh}` }, body: '{}' });
    expect(withNew.status).toBe(200);
  });
});
