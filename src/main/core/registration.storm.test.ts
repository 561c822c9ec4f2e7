// A site's cameras registering at once against the server as it ships (signalling log on, automatic follow-up
// queries on, a console connected to the event stream), with sipp as 2,000 devices. Asserts what must hold
// under any load, never how fast: every registration succeeds, and every device is asked each follow-up
// query exactly once (no query loops, no second round), however many registrations are still arriving.
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LogMessage } from '../../shared/types/signalling';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../api/http/auth';
import { startHttpServer, type RunningHttpServer } from '../api/http/server';
import { createCore, type Core } from './create-core';

const scenarios = path.join(path.dirname(fileURLToPath(import.meta.url)), '../gb28181/interop/scenarios');
const DEVICES = 2_000;
const PASSWORD = 'storm-pass-1';
const deviceId = (i: number) => '3402000000132' + String(i).padStart(7, '0');

function hasSipp(): boolean {
  try {
    execFileSync('sipp', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined;
  }
}

interface SippCounts {
  ok: number;
  failed: number;
}

function sippRegister(dir: string, port: number): Promise<SippCounts> {
  const csv = path.join(dir, 'devices.csv');
  const rows = ['SEQUENTIAL'];
  for (let i = 1; i <= DEVICES; i++) rows.push(`${deviceId(i)};[authentication username=${deviceId(i)} password=${PASSWORD}];`);
  fs.writeFileSync(csv, rows.join('\n') + '\n');
  const args = [
    `127.0.0.1:${port}`,
    '-sf', path.join(scenarios, 'gb-register-bench.xml'),
    '-oocsf', path.join(scenarios, 'refuse-queries.xml'),
    '-inf', csv,
    '-key', 'server', '34020000002000000001',
    '-key', 'domain', '3402000000',
    '-t', 'u1',
    '-i', '127.0.0.1',
    '-p', '0',
    '-m', String(DEVICES),
    '-r', String(DEVICES),
    '-l', '400',
    '-nostdin',
    '-timeout', '120s',
    '-trace_err',
  ];
  return new Promise((resolve, reject) => {
    const p = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.on('error', reject);
    p.on('exit', () => {
      const count = (label: string) => Number(out.split('\n').filter((l) => l.includes(label)).at(-1)?.split('|')[2]?.trim() ?? NaN);
      resolve({ ok: count('Successful call'), failed: count('Failed call') });
    });
  });
}

/** Connects the way the console does and keeps reading, as a console that is open during the storm would. */
function connectConsole(http: RunningHttpServer, token: string): Promise<{ received: () => number; close: () => void }> {
  return new Promise((resolve, reject) => {
    let frames = 0;
    const ws = new WebSocket(`ws://127.0.0.1:${http.port}/api/events`, [WS_PROTOCOL, WS_TOKEN_PREFIX + token], {
      headers: { origin: `http://127.0.0.1:${http.port}` },
    });
    ws.on('message', () => frames++);
    ws.once('open', () => resolve({ received: () => frames, close: () => ws.close() }));
    ws.once('error', reject);
  });
}

/** A UDP port free right now (its TCP twin is checked by the server's own start-up). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

async function until(cond: () => boolean, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let core: Core | undefined;
let http: RunningHttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await core?.close();
  core = http = undefined;
});

describe.skipIf(!hasSipp())('a registration storm against the shipped configuration', () => {
  it(`${DEVICES} devices registering at ${DEVICES}/s all succeed, and each is asked each follow-up once`, { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-storm-'));
    core = await createCore({ dataDir: path.join(dir, 'data'), flags: { password: PASSWORD, sipIp: '127.0.0.1', sipPort: await freeUdpPort() }, print: !!process.env.STORM_PRINT });
    http = await startHttpServer({ handlers: core.handlers, events: core.events, host: '127.0.0.1', port: 0, rendererDir: dir, token: () => core!.settings.apiToken, live: core.live });
    const consoleClient = await connectConsole(http, core.settings.apiToken);

    // Outgoing requests by device and kind, as the signalling log saw them: one Call-ID per transaction.
    const asked = new Map<string, Set<string>>();
    core.events.on('log.message', (batch: LogMessage[]) => {
      for (const m of batch) {
        if (m.direction !== 'out' || !m.method || m.method === 'REGISTER' || !m.deviceId) continue;
        const kind = `${m.method}:${m.cmdType ?? ''}`;
        const key = `${m.deviceId} ${kind}`;
        let calls = asked.get(key);
        if (!calls) asked.set(key, (calls = new Set()));
        calls.add(m.callId ?? '');
      }
    });

    const udp = core.gb.listen.find((l) => l.transport === 'udp')!;
    const sipp = await sippRegister(dir, udp.port);
    expect(sipp).toEqual({ ok: DEVICES, failed: 0 });
    expect(core.gb.stats().devicesOnline).toBe(DEVICES);

    // DeviceInfo, Catalog, the subscriptions and ConfigDownload (BasicParam): each refused at once by these devices.
    const steps = 4;
    await until(() => {
      const s = core!.gb.followUps.stats();
      return s.running === 0 && s.queued === 0 && s.stepsDone + s.stepsFailed === DEVICES * steps;
    }, 'every follow-up to finish', 120_000);
    await until(() => [...asked.values()].reduce((n, c) => n + c.size, 0) >= DEVICES * steps, 'the log to show every query', 30_000);

    const kinds = new Map<string, number>();
    for (const [key, calls] of asked) {
      expect(calls.size, `${key} was asked ${calls.size} times`).toBe(1);
      const kind = key.split(' ')[1];
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    for (const kind of ['MESSAGE:DeviceInfo', 'MESSAGE:Catalog', 'SUBSCRIBE:Catalog', 'MESSAGE:ConfigDownload']) expect(kinds.get(kind), kind).toBe(DEVICES);
    expect(core.handlers['server.stats']({}) as { logDropped?: number }).toMatchObject({ logDropped: 0 });
    expect(consoleClient.received()).toBeGreaterThan(0);
    consoleClient.close();
  });
});
