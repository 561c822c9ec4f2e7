// Several servers, one platform, as shipped: two `node out/main/serve.js` processes sharing a real PostgreSQL
// (--store) and a real redis-server (--redis), both started here as plain processes on loopback. Simulated
// devices (their own process, following 302) all register at A, which spreads them to B by load; the HTTP API
// of either server lists every device online; a name given through A to a device on B is written to the shared
// store; live view started in A's console of a channel on B plays there (B places the call with A's media
// address); B killed as a crash would (SIGKILL) loses its devices to A once their keepalives fail, with every
// device, channel and name still in the store.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { callApi, waitFor, waitForDevicesReady } from './support/api';
import { waitForDecodedFrames } from './support/live-tile';
import { startConsole, type RunningConsole } from './support/serve';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from '../src/main/cluster/testing/redis-process';
import { findPgBin, startPgServer, type PgServer } from '../src/main/store/postgres/testing/pg-server';
import { freePortRange } from '../src/main/live/testing/live-rig';
import type { FleetOptions } from '../src/device-sim/fleet/fleet';

const SERVER_ID = '34020000002000000001';
const PASSWORD = 'two-servers-1';
const DEVICES = 6;
const CHANNELS = 2;
const pgBin = findPgBin();

test.describe.configure({ mode: 'serial' });
test.skip(!redisAvailable, REDIS_MISSING);
test.skip(!pgBin, 'PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it)');

let redis: RedisProcess | undefined;
let pgServer: PgServer | undefined;
let storeUrl: string;
let a: RunningConsole | undefined;
let b: RunningConsole | undefined;
let sim: SimProcess | undefined;

async function startServer(): Promise<RunningConsole> {
  const media = await freePortRange(20);
  return startConsole({ args: ['--store', storeUrl, '--redis', redis!.url, '--password', PASSWORD, '--media-ports', `${media}-${media + 19}`], deadlineMs: 30_000 });
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  redis = await startRedis();
  pgServer = await startPgServer(pgBin!);
  storeUrl = await pgServer.createDatabase('platform');
  // B first: A's first look at the live instances (before it answers any REGISTER) then already sees B.
  b = await startServer();
  a = await startServer();
});

test.afterAll(async () => {
  await sim?.stop();
  await a?.stop();
  await b?.stop();
  await redis?.stop();
  await pgServer?.stop();
});

interface SimProcess {
  /** Where each device last registered (ip:port). */
  registeredAt: Map<string, string>;
  redirected: Set<string>;
  output(): string;
  stop(): Promise<void>;
}

/** src/main/cluster/testing/sim-process.ts: the devices in their own process, reporting events as JSON lines. */
function startSim(options: Omit<FleetOptions, 'name'>): SimProcess {
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/main/cluster/testing/sim-process.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, SIM_PROCESS: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const registeredAt = new Map<string, string>();
  const redirected = new Set<string>();
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    output += line + '\n';
    if (!line.startsWith('{')) return;
    const e = JSON.parse(line) as { ev: string; deviceId: string; server?: string };
    if (e.ev === 'registered') registeredAt.set(e.deviceId, e.server!);
    if (e.ev === 'redirected') redirected.add(e.deviceId);
  });
  return {
    registeredAt,
    redirected,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

async function onlineIds(server: RunningConsole): Promise<string> {
  const list = await callApi(server.url, 'device.list', {});
  return list
    .filter((d) => d.online)
    .map((d) => d.deviceId)
    .sort()
    .join();
}

async function storeRows(): Promise<{ devices: Array<{ device_id: string; custom_name: string | null; manufacturer: string | null }>; channels: number }> {
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    const devices = await client.query('SELECT device_id, custom_name, manufacturer FROM devices ORDER BY device_id');
    const channels = await client.query('SELECT count(*)::int AS n FROM channels');
    return { devices: devices.rows, channels: channels.rows[0].n as number };
  } finally {
    await client.end();
  }
}

/** Opens the device's row in the Live tab's tree and presses Play for its first camera channel (type 131/132). */
async function playFirstCamera(page: Page, deviceId: string): Promise<{ name: string; id: string }> {
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(`${deviceId}, online`) });
  await expect(device).toHaveAttribute('aria-expanded', /^(true|false)$/, { timeout: 15_000 });
  if ((await device.getAttribute('aria-expanded')) !== 'true') {
    await device.focus();
    await device.press('ArrowRight');
  }
  await expect(device).toHaveAttribute('aria-expanded', 'true');
  const camera = tree.getByRole('treeitem', { level: 2, name: new RegExp(` ${deviceId.slice(0, 10)}13[12]\\d{7}, online$`) }).first();
  const [, name, id] = /^(.*) (\d{20}), online$/.exec((await camera.getAttribute('aria-label')) ?? '') ?? [];
  expect(name, 'a camera channel under the device').toBeTruthy();
  await camera.click();
  await expect(camera).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: new RegExp(`^Play ${name} \\([^)]+\\)$`) }).click();
  return { name, id };
}

test('devices spread by 302 over two shipped servers, listed on both, played live across servers, and moved to A when B dies', async ({ page }) => {
  // About 25 s: the deadlines below are for a busy machine.
  test.setTimeout(90_000);
  const serverA = a!;
  const serverB = b!;
  const addrA = `127.0.0.1:${serverA.sipPort}`;
  const addrB = `127.0.0.1:${serverB.sipPort}`;
  sim = startSim({
    server: { ip: '127.0.0.1', port: serverA.sipPort, id: SERVER_ID, domain: SERVER_ID.slice(0, 10) },
    password: PASSWORD,
    devices: DEVICES,
    idBase: '34020000001320000001',
    localIp: '127.0.0.1',
    // One registration at a time, so A counts each device before it answers the next.
    concurrency: 1,
    // A lost server is noticed in about 3 x (1 s + 64 x T1) instead of minutes.
    sipTimers: { t1: 50 },
    device: { channels: CHANNELS, keepaliveSec: 1, keepaliveMaxFail: 3, timing: { retryMinMs: 200, retryMaxMs: 400 }, field: { follow302: true } },
  });
  const s = sim;
  const ids = await waitFor('every device registered', async () => (s.registeredAt.size === DEVICES ? [...s.registeredAt.keys()].sort() : undefined), 20_000).catch((err: Error) => {
    throw new Error(`${err.message}\nsimulator:\n${s.output()}`);
  });

  // Spread: A kept some, sent the others on with 302, and they registered at B.
  const onA = ids.filter((id) => s.registeredAt.get(id) === addrA);
  const onB = ids.filter((id) => s.registeredAt.get(id) === addrB);
  expect(onA.length + onB.length).toBe(DEVICES);
  expect(onA.length).toBeGreaterThan(0);
  expect(onB.length).toBeGreaterThan(0);
  for (const id of onB) expect(s.redirected.has(id)).toBe(true);

  // Either server's console lists every device online.
  const all = ids.join();
  await waitFor('A to list every device online', async () => ((await onlineIds(serverA)) === all ? true : undefined), 15_000);
  await waitFor('B to list every device online', async () => ((await onlineIds(serverB)) === all ? true : undefined), 15_000);

  // A name given on A to a device on B is written by B to the shared store, with every device's catalog.
  const named = onB[0];
  await callApi(serverA.url, 'device.update', { deviceId: named, name: 'Gate on B' });
  const details = await waitForDevicesReady(serverA.url, ids, 15_000);
  // The catalog's items: the cameras, and the business group and virtual organisations they sit in.
  const items = details.reduce((n, d) => n + d.catalog.received, 0);
  expect(items).toBeGreaterThanOrEqual(DEVICES * CHANNELS);
  let seen: unknown;
  const before = await waitFor(
    'the store to hold every device with its info and channels, and the name',
    async () => {
      const rows = await storeRows();
      seen = rows;
      const complete = rows.devices.length === DEVICES && rows.devices.every((d) => d.manufacturer) && rows.channels === items;
      return complete && rows.devices.find((d) => d.device_id === named)?.custom_name === 'Gate on B' ? rows : undefined;
    },
    15_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the store held ${JSON.stringify(seen)}`);
  });

  // Live view in A's console of a camera on B: B places the call offering A's media address, A's tile decodes it.
  const live = onB[onB.length - 1];
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(serverA.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Tiles' }).selectOption('1');
  const { name: channelName, id: channelId } = await playFirstCamera(page, live);
  const tile = page.getByRole('listitem', { name: `Tile 1: ${channelName}` });
  await expect(tile).toBeVisible();
  await waitForDecodedFrames(page, 1, 25);
  await expect(tile.getByRole('img', { name: `Video of ${channelName}` })).toBeVisible();
  // A's session list counts the bytes that reached it; the device is still B's.
  const sessions = page.getByRole('table', { name: 'Open sessions (1)' }).getByRole('row').nth(1).getByRole('cell');
  await expect(sessions.nth(1)).toHaveText('playing');
  await expect(sessions.nth(6)).toHaveText(/^[\d.,]+ (KB|MB)$/);
  expect(s.registeredAt.get(live)).toBe(addrB);
  // The owner placed the call: the INVITE to the channel went out from B's SIP address (A sent none), offering
  // the media address of A's session. The signalling log is one table in PostgreSQL: A's console finds it too.
  const invites = await waitFor(
    'B to log the INVITE it sent the device',
    async () => {
      const { messages } = await callApi(serverB.url, 'log.query', { method: 'INVITE', direction: 'out', limit: 50 });
      const mine = messages.filter((m) => m.toUser === channelId);
      return mine.length > 0 ? mine : undefined;
    },
    10_000,
  );
  expect(invites.map((m) => m.localAddress)).toEqual(invites.map(() => addrB));
  const fromA = await callApi(serverA.url, 'log.query', { method: 'INVITE', direction: 'out', limit: 50 });
  const seenOnA = fromA.messages.filter((m) => m.toUser === channelId);
  expect(seenOnA.length).toBeGreaterThan(0);
  expect(seenOnA.map((m) => m.localAddress)).toEqual(seenOnA.map(() => addrB));
  const detail = await callApi(serverB.url, 'log.get', { id: invites[0].id });
  const sdp = detail.body.kind === 'sdp' ? detail.body.fields : [];
  const ip = sdp.find((f) => f.type === 'c')?.value.split(' ')[2];
  const port = sdp.find((f) => f.type === 'm')?.value.split(' ')[1];
  expect(ip && port, `the INVITE's SDP (${JSON.stringify(detail.body)})`).toBeTruthy();
  await expect(sessions.nth(3)).toHaveText(new RegExp(`^${ip!.replaceAll('.', '\\.')}:${port} `));
  await tile.getByRole('button', { name: `Stop live view of ${channelName}` }).click();
  await expect(page.getByRole('listitem', { name: 'Tile 1: empty' })).toBeVisible();
  await expect(page.getByTestId('live-no-sessions')).toHaveText('No live sessions.', { timeout: 15_000 });
  expect(errors).toEqual([]);

  // B dies: its devices' keepalives go unanswered, they go back to A and A takes them.
  await serverB.crash();
  await waitFor(
    `B's devices (${onB.join(', ')}) registered at A again`,
    async () => (onB.every((id) => s.registeredAt.get(id) === addrA) ? true : undefined),
    40_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\nsimulator:\n${s.output()}`);
  });
  await waitFor('A to list every device online', async () => ((await onlineIds(serverA)) === all ? true : undefined), 10_000);

  // Nothing lost: the same devices with their names and device info, and every catalog item.
  const after = await storeRows();
  expect(after.devices).toEqual(before.devices);
  expect(after.channels).toBe(items);
  await waitFor("A's record of the device to carry the name given on B", async () => ((await callApi(serverA.url, 'device.get', { deviceId: named })).name === 'Gate on B' ? true : undefined), 10_000);
});
