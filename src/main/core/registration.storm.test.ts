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

function sippRegister(dir: string, port: number, sippPort: number): Promise<SippCounts> {
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
    '-p', String(sippPort),
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

/**
 * The same devices once sipp's registrations are done: a UAS on the port they registered from, refusing every
 * request, until stopped (sipp exits after its last call, and its out-of-call answers go with it).
 */
function sippRefuseQueries(dir: string, sippPort: number): { stop(): Promise<void> } {
  const p = spawn('sipp', ['-sf', path.join(scenarios, 'refuse-queries-uas.xml'), '-t', 'u1', '-i', '127.0.0.1', '-p', String(sippPort), '-nostdin'], {
    cwd: dir,
    stdio: 'ignore',
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGTERM');
      }),
  };
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

/** Resolves true when the log stores its next batch, false at the deadline. */
function nextLogBatch(core: Core, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, Math.max(0, deadline - Date.now()));
    const off = core.events.on('log.message', () => {
      clearTimeout(timer);
      off();
      resolve(true);
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
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
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

    const udp = core.gb.listen.find((l) => l.transport === 'udp')!;
    const sippPort = await freeUdpPort();
    const sipp = await sippRegister(dir, udp.port, sippPort);
    const devices = sippRefuseQueries(dir, sippPort);
    stops.push(() => devices.stop());
    expect(sipp).toEqual({ ok: DEVICES, failed: 0 });
    expect(core.gb.stats().devicesOnline).toBe(DEVICES);

    // DeviceInfo, Catalog, the subscriptions and ConfigDownload (BasicParam): each refused at once by these devices.
    const steps = 4;
    await until(() => {
      const s = core!.gb.followUps.stats();
      return s.running === 0 && s.queued === 0 && s.stepsDone + s.stepsFailed === DEVICES * steps;
    }, 'every follow-up to finish', 120_000);
    // Outgoing requests by device and kind, as the signalling log stored them: one Call-ID per transaction
    // (retransmissions share it).
    const asked = new Map<string, Set<string>>();
    const readLog = async () => {
      asked.clear();
      let before: number | undefined;
      for (;;) {
        const page = await core!.handlers['log.query']({ direction: 'out', statusClass: 'request', limit: 1000, before });
        for (const m of page.messages) {
          if (!m.method || m.method === 'REGISTER' || !m.deviceId) continue;
          const key = `${m.deviceId} ${m.method}:${m.cmdType ?? ''}`;
          let calls = asked.get(key);
          if (!calls) asked.set(key, (calls = new Set()));
          calls.add(m.callId ?? '');
        }
        if (!page.hasMore || page.messages.length === 0) return;
        before = page.messages.at(-1)!.id;
      }
    };
    // Read again each time the log stores another batch, until every query shows or the deadline passes.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const stored = nextLogBatch(core, deadline);
      await readLog();
      if ([...asked.values()].reduce((n, c) => n + c.size, 0) >= DEVICES * steps) break;
      if (!(await stored)) throw new Error(`the log shows ${asked.size} device/query pairs, not ${DEVICES * steps}`);
    }

    const kinds = new Map<string, number>();
    for (const [key, calls] of asked) {
      expect(calls.size, `${key} was asked ${calls.size} times`).toBe(1);
      const kind = key.split(' ')[1];
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    for (const kind of ['MESSAGE:DeviceInfo', 'MESSAGE:Catalog', 'SUBSCRIBE:Catalog', 'MESSAGE:ConfigDownload']) expect(kinds.get(kind), kind).toBe(DEVICES);
    expect(await core.handlers['server.stats']({})).toMatchObject({ logDropped: 0, logQueued: expect.any(Number), sipDatagramsDropped: 0 });
    expect(consoleClient.received()).toBeGreaterThan(0);
    consoleClient.close();
  });
});
