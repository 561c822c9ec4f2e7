// Opt-in events on /api/events (shared/contract.ts OPT_IN_EVENTS): a console that connects with ?optin=1 gets the
// live log and channel lists only while it listens, everyone else gets every event, and the server knows how many
// receive each.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { EventBus } from '../../core/event-bus';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from './auth';
import type { ApiHandlers } from '../handlers';
import { startHttpServer, type RunningHttpServer } from './server';
import type { LogMessage, OptInEventName, ServerStatus } from '../../../shared/contract';

const status = { productName: 'GB28181 Console', version: 't', sipId: '34020000002000000001', domain: '3402000000', sipListen: [], httpUrl: null, startedAt: 0, uptimeSec: 0, dataDir: '/x' } as unknown as ServerStatus;
const logLine = (id: number) => [{ id, time: 0, direction: 'in', method: 'MESSAGE' }] as unknown as LogMessage[];

let running: RunningHttpServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
});

/** Resolves once `done()` holds, looked at again each time a waiter in `wake` is called; fails after 5 s. */
function until(done: () => boolean, wake: Array<() => void>, failure: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(failure())), 5000);
    const look = () => {
      if (!done()) return void wake.push(look);
      clearTimeout(deadline);
      resolve();
    };
    look();
  });
}

async function start() {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  const events = new EventBus();
  const demand: number[] = [];
  const channelDemand: number[] = [];
  const demandWaiters: Array<() => void> = [];
  const srv = await startHttpServer({
    handlers: {} as ApiHandlers,
    events,
    host: '127.0.0.1',
    port: 0,
    rendererDir,
    token: 'sekret',
    onOptInDemand: (event: OptInEventName, clients: number) => {
      (event === 'log.message' ? demand : channelDemand).push(clients);
      for (const w of demandWaiters.splice(0)) w();
    },
  });
  running.push(srv);
  /** Resolves once the last reported number of live-log receivers is `n` (fails after 5 s). */
  const demandIs = (n: number) => until(() => demand.at(-1) === n, demandWaiters, () => `live-log receivers: ${demand.join(', ')}; expected ${n}`);
  const channelDemandIs = (n: number) => until(() => channelDemand.at(-1) === n, demandWaiters, () => `channel list receivers: ${channelDemand.join(', ')}; expected ${n}`);
  return { srv, events, demand, demandIs, channelDemandIs };
}

/** A console socket that records every event name it receives, in order. */
async function connect(port: number, query: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events${query}`, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}sekret`]);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const seen: string[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    const parsed = JSON.parse(String(data)) as { event: string } | { event: string }[];
    for (const e of Array.isArray(parsed) ? parsed : [parsed]) seen.push(e.event);
    for (const w of waiters.splice(0)) w();
  });
  /** Everything received up to and including the next server.statusChanged (the marker). */
  const untilMarker = async (): Promise<string[]> => {
    await until(() => seen.includes('server.statusChanged'), waiters, () => `no marker; received ${seen.join(', ')}`);
    return seen.splice(0, seen.indexOf('server.statusChanged') + 1);
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return { ws, untilMarker, closed };
}

describe('opt-in events on /api/events', () => {
  it('an ?optin=1 console gets the live log only between listen and unlisten; a console without it gets everything', async () => {
    const { srv, events, demandIs } = await start();
    const optIn = await connect(srv.port, '?batch=1&optin=1');
    const everything = await connect(srv.port, '');
    await demandIs(1);

    const round = async () => {
      events.emit('log.message', logLine(1));
      events.emit('server.statusChanged', status);
      return { optIn: await optIn.untilMarker(), everything: await everything.untilMarker() };
    };
    expect(await round()).toEqual({ optIn: ['server.statusChanged'], everything: ['log.message', 'server.statusChanged'] });

    optIn.ws.send(JSON.stringify({ listen: ['log.message'] }));
    await demandIs(2);
    expect(await round()).toEqual({ optIn: ['log.message', 'server.statusChanged'], everything: ['log.message', 'server.statusChanged'] });

    optIn.ws.send(JSON.stringify({ unlisten: ['log.message'] }));
    await demandIs(1);
    expect(await round()).toEqual({ optIn: ['server.statusChanged'], everything: ['log.message', 'server.statusChanged'] });

    everything.ws.close();
    await demandIs(0);
    events.emit('log.message', logLine(1));
    events.emit('server.statusChanged', status);
    expect(await optIn.untilMarker()).toEqual(['server.statusChanged']);
    optIn.ws.close();
  });

  it('an ?optin=1 console gets channel lists only while it listens for them; a console without it gets them always', async () => {
    const { srv, events, channelDemandIs } = await start();
    const optIn = await connect(srv.port, '?batch=1&optin=1');
    const everything = await connect(srv.port, '');
    await channelDemandIs(1);
    const round = async () => {
      events.emit('channel.changed', { deviceId: '34020000001320000001', channels: [] });
      events.emit('server.statusChanged', status);
      return { optIn: await optIn.untilMarker(), everything: await everything.untilMarker() };
    };
    expect(await round()).toEqual({ optIn: ['server.statusChanged'], everything: ['channel.changed', 'server.statusChanged'] });
    optIn.ws.send(JSON.stringify({ listen: ['channel.changed'] }));
    await channelDemandIs(2);
    expect(await round()).toEqual({ optIn: ['channel.changed', 'server.statusChanged'], everything: ['channel.changed', 'server.statusChanged'] });
    optIn.ws.close();
    everything.ws.close();
  });

  it('reports no receivers at start, and each console that listens while it is connected', async () => {
    const { srv, demand, demandIs } = await start();
    expect(demand).toEqual([0]);
    const a = await connect(srv.port, '?batch=1&optin=1');
    const b = await connect(srv.port, '?batch=1&optin=1');
    a.ws.send(JSON.stringify({ listen: ['log.message'] }));
    await demandIs(1);
    b.ws.send(JSON.stringify({ listen: ['log.message'], unlisten: [] }));
    await demandIs(2);
    a.ws.terminate();
    await demandIs(1);
    b.ws.close();
    await demandIs(0);
  });

  it.each([
    ['binary', Buffer.from('{"listen":["log.message"]}'), true, 'send listen frames as text'],
    ['not JSON', '{listen', false, 'a listen frame is JSON: {"listen": [...]} or {"unlisten": [...]}'],
    ['an array', '["log.message"]', false, 'a listen frame is a JSON object'],
    ['an unknown field', '{"subscribe":["log.message"]}', false, 'unknown field "subscribe" in a listen frame'],
    ['a name that is not a list', '{"listen":"log.message"}', false, '"listen" is a list of event names'],
    ['an event that is always sent', '{"listen":["device.online"]}', false, 'only log.message, channel.changed can be listened for'],
    ['an oversized frame', JSON.stringify({ listen: Array(200).fill('log.message') }), false, 'a listen frame is at most 1024 bytes'],
  ])('closes a socket that sends %s with a reason (1008), and goes on serving the others', async (_what, frame, binary, reason) => {
    const { srv, events, demandIs } = await start();
    const bad = await connect(srv.port, '?batch=1&optin=1');
    const good = await connect(srv.port, '?batch=1&optin=1');
    good.ws.send(JSON.stringify({ listen: ['log.message'] }));
    await demandIs(1);
    bad.ws.send(frame, { binary });
    expect(await bad.closed).toEqual({ code: 1008, reason });
    events.emit('log.message', logLine(2));
    events.emit('server.statusChanged', status);
    expect(await good.untilMarker()).toEqual(['log.message', 'server.statusChanged']);
    good.ws.close();
  });
});
