// Two console instances sharing a real redis-server and a real PostgreSQL (the store; SQLite per instance only
// where PostgreSQL is not installed): instance A in this process, instance B in a child process
// (testing/core-process.ts) so it can die as a crash would. Simulator devices that follow 302 are spread over
// both; A's API shows and drives B's devices; when B is killed its devices register with A again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/create-core';
import { SimFleet } from '../../device-sim/fleet/fleet';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './testing/redis-process';
import { waitFor } from './testing/wait-for';
import { PlacedCall } from './placed-calls';
import type { DownloadView } from '../../shared/types/recordings';
import { freePort } from '../sip/interop/sipp';
import { freePortRange } from '../live/testing/live-rig';
import { findPgBin, startPgServer, type PgServer } from '../store/postgres/testing/pg-server';

// Short enough for the test to see a death, long enough that a busy CI machine's late beat is not one.
const TUNING = { instanceTtlMs: 3_000, presenceRefreshMs: 1_000 };
const SERVER_ID = '34020000002000000001';
const pgBin = findPgBin();

async function flags() {
  const media = await freePortRange(20);
  return { sipIp: '127.0.0.1', sipPort: await freePort(), password: '12345678', mediaIp: '127.0.0.1', mediaPortMin: media, mediaPortMax: media + 19 };
}

async function startChildCore(redis: string, dataDir: string, store: string | undefined): Promise<{ child: ChildProcess; sipPort: number; self: string }> {
  const f = await flags();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'testing/core-process.ts')], {
    env: { ...process.env, CORE_PROCESS: JSON.stringify({ dataDir, redis, store, sipPort: f.sipPort, mediaPorts: [f.mediaPortMin, f.mediaPortMax], tuning: TUNING }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('instance B did not start within 120 s')), 120_000);
    lines.on('line', (l) => {
      if (!l.startsWith('{')) return;
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`instance B exited with ${code} before it was up`)));
  });
  const { sipPort, self } = JSON.parse(first) as { sipPort: number; self: string };
  return { child, sipPort, self };
}

const storeName = pgBin ? 'a shared PostgreSQL' : 'SQLite each (PostgreSQL is not installed)';
describe.skipIf(!redisAvailable)(`two console instances over Redis and ${storeName}${redisAvailable ? '' : `: skipped, ${REDIS_MISSING}`}`, () => {
  let redis: RedisProcess;
  let pgServer: PgServer | undefined;
  let storeUrl: string | undefined;
  let a: Core;
  let aDir: string;
  let b: { child: ChildProcess; sipPort: number; self: string };
  let fleet: SimFleet | undefined;
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-cluster-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    redis = await startRedis();
    if (pgBin) {
      pgServer = await startPgServer(pgBin);
      storeUrl = await pgServer.createDatabase('platform');
    }
    const store = storeUrl ? { kind: 'postgres' as const, url: storeUrl } : undefined;
    aDir = tmp();
    a = await createCore({ dataDir: aDir, flags: await flags(), statsIntervalMs: 0, redis: redis.url, store, clusterTuning: TUNING });
    b = await startChildCore(redis.url, tmp(), storeUrl);
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
    if (b?.child.exitCode === null) b.child.kill('SIGKILL');
    await a?.close();
    await redis?.stop();
    await pgServer?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('spreads devices by 302, shows and queries every device from either instance, and moves a dead instance\'s devices', async () => {
    const cluster = a.cluster!;
    await waitFor('A to see B alive', () => (cluster.instances.isAlive(b.self) ? true : undefined), 30_000);
    const aPort = a.gb.listen.find((l) => l.transport === 'udp')!.port;
    fleet = await SimFleet.start({
      server: { ip: '127.0.0.1', port: aPort, id: SERVER_ID, domain: SERVER_ID.slice(0, 10) },
      password: '12345678',
      devices: 4,
      idBase: '34020000001320000001',
      localIp: '127.0.0.1',
      concurrency: 1,
      sipTimers: { t1: 50 },
      device: { channels: 1, keepaliveSec: 1, keepaliveMaxFail: 3, timing: { retryMinMs: 200, retryMaxMs: 400 }, field: { follow302: true, recordFileMinutes: 1, downloadRecordedOnly: true } },
      deferStart: true,
    });
    const onlineEvents = new Set<string>();
    a.events.on('device.online', (d) => onlineEvents.add(d.deviceId));
    const redirected = new Set<string>();
    for (const d of fleet.devices) d.events.on('redirected', () => redirected.add(d.deviceId));
    await fleet.startAll();
    await waitFor('every device registered', () => (fleet!.devices.every((d) => d.state === 'registered') ? true : undefined), 30_000);

    // Spread: some devices were sent on to B and registered there (presence names B), and A kept some.
    const owners = await waitFor('every device owned by a live instance', async () => {
      const o = await Promise.all(fleet!.deviceIds.map((id) => cluster.presence.owner(id)));
      return o.every((x) => x === cluster.self || x === b.self) ? o : undefined;
    });
    const onA = fleet.deviceIds.filter((_, i) => owners[i] === cluster.self);
    const onB = fleet.deviceIds.filter((_, i) => owners[i] === b.self);
    expect(redirected.size).toBeGreaterThan(0);
    expect(onA.length).toBeGreaterThan(0);
    expect(onB.length).toBeGreaterThan(0);
    for (const id of onA) expect(a.gb.registry.get(id)?.online).toBe(true);
    for (const id of onB) expect(a.gb.registry.get(id)?.online ?? false).toBe(false);
    const moved = onB[0];
    // A's console hears B's devices come online (the shared event channel).
    await waitFor('device.online on A for every device', () => (fleet!.deviceIds.every((id) => onlineEvents.has(id)) ? true : undefined));

    // A's console lists every device online, and runs device methods on B's devices through B.
    // (an instance that does not answer within the gather time is left out of one list: ask again, as the console does)
    const all = [...fleet.deviceIds].sort().join();
    await waitFor('A\'s device.list to show every device online', async () => {
      const list = (await a.handlers['device.list']({})) as Array<{ deviceId: string; online: boolean }>;
      return list.filter((d) => d.online).map((d) => d.deviceId).sort().join() === all ? true : undefined;
    }, 20_000);
    const details = await a.handlers['device.get']({ deviceId: moved });
    expect(details.deviceId).toBe(moved);
    expect(details.online).toBe(true);
    const refreshed = await a.handlers['device.refresh']({ deviceId: moved, what: 'info' });
    expect(refreshed.deviceId).toBe(moved);

    // Live view started on A for B's device: B places the call offering A's media address; the video plays on A.
    const channels = (await a.handlers['channel.list']({ deviceId: moved })) as Array<{ deviceId: string; channelId: string }>;
    const channelId = channels.find((c) => c.deviceId === moved)!.channelId;
    const session = await a.handlers['live.start']({ deviceId: moved, channelId, transport: 'udp' });
    const aPorts = [a.settings.values.mediaPortMin, a.settings.values.mediaPortMax];
    expect(session.mediaPort).toBeGreaterThanOrEqual(aPorts[0]);
    expect(session.mediaPort).toBeLessThanOrEqual(aPorts[1]);
    const playing = await waitFor('frames of B\'s device on A', async () => {
      const s = ((await a.handlers['live.list']({})) as Array<{ sessionId: string; frames: number; state: string }>).find((x) => x.sessionId === session.sessionId);
      return s && s.state === 'playing' && s.frames > 0 ? s : undefined;
    }, 20_000);
    expect(playing.frames).toBeGreaterThan(0);
    const seq = Number(session.ssrc.slice(6));
    expect(seq).toBeGreaterThanOrEqual(cluster.ssrcRange.min);
    expect(seq).toBeLessThanOrEqual(cluster.ssrcRange.max);
    expect(await a.handlers['live.stop']({ sessionId: session.sessionId })).toEqual({ stopped: true });
    await waitFor('B to hang up the device\'s call', () => (fleet!.get(moved)!.snapshot().mediaSessions === 0 ? true : undefined), 10_000);

    // Playback started on A for B's device: B places s=Playback offering A's media address, the frames arrive on
    // A, pause and resume reach the device through B (INFO in B's dialog), and stop makes B hang up.
    const sim = fleet.get(moved)!;
    const host = a.live.service.host;
    const from = Math.floor(Date.now() / 1000) - 7200;
    const pb = await a.handlers['playback.start']({ deviceId: moved, channelId, start: from, end: from + 60 });
    const pbSession = host.get(pb.sessionId)!;
    expect(pbSession.call).toBeInstanceOf(PlacedCall);
    const simCall = () => sim.media.list().find((m) => m.sessionName === 'Playback');
    expect(simCall()?.target).toBe(`127.0.0.1:${pbSession.mediaPort}`);
    await waitFor('playback frames of B\'s device on A', () => ((host.get(pb.sessionId)?.stats()?.videoFrames ?? 0) > 5 ? true : undefined), 20_000);
    expect(await a.handlers['playback.control']({ sessionId: pb.sessionId, action: 'pause' })).toEqual({ ok: true });
    expect(simCall()?.stats?.paused).toBe(true);
    expect(await a.handlers['playback.control']({ sessionId: pb.sessionId, action: 'resume' })).toEqual({ ok: true });
    expect(simCall()?.stats?.paused).toBe(false);
    expect(await a.handlers['playback.stop']({ sessionId: pb.sessionId })).toEqual({ stopped: true });
    await waitFor('B to hang up the playback call', () => (simCall() ? undefined : true), 10_000);
    // A playback to the end of its range: the device's MediaStatus 121, sent to B in B's dialog, ends A's session.
    let pbEnded: { outcome: string; code?: string } | undefined;
    const offEnded = a.events.on('playback.ended', (e) => {
      if (e.sessionId === short.sessionId) pbEnded = { outcome: e.outcome, code: e.text?.code };
    });
    const short = await a.handlers['playback.start']({ deviceId: moved, channelId, start: from, end: from + 3 });
    expect(await waitFor('the short playback to end on A', () => pbEnded, 30_000)).toEqual({ outcome: 'finished', code: 'history.endOfRecording' });
    offEnded();

    // A download started on A for B's device: s=Download placed by B, the file written on A. Its range holds the
    // last 4 s of a recording and 4 s of the gap after it: the device sends the 4 s recorded, and A measures them
    // against B's record list (record.query through B), so the download is done, not truncated at half the range.
    const records = await a.handlers['record.query']({ deviceId: moved, channelId, start: from, end: from + 3600 });
    const fileEnd = records.items.find((r) => r.type === 'time' && r.end > from + 10)!.end;
    let done: DownloadView | undefined;
    const off = a.events.on('download.done', (d) => {
      if (d.downloadId === dl.downloadId) done = d;
    });
    const dl = await a.handlers['download.start']({ deviceId: moved, channelId, start: fileEnd - 4, end: fileEnd + 4, speed: 4 });
    const finished = await waitFor('the download of B\'s device to finish on A', () => done, 30_000);
    off?.();
    expect(finished.state).toBe('done');
    expect(finished.progress).toBeGreaterThan(0.9);
    expect(finished.reason).toMatch(/MediaStatus 121/);
    expect(finished.bytes).toBeGreaterThan(10_000);
    expect(finished.path!.startsWith(aDir)).toBe(true);
    expect(fs.statSync(finished.path!).size).toBeGreaterThan(10_000);
    await waitFor('B to hang up the download call', () => (sim.snapshot().mediaSessions === 0 ? true : undefined), 10_000);

    // B dies: its devices fail their keepalive, go back to the configured server (A) and register there.
    b.child.kill('SIGKILL');
    await waitFor('B\'s devices online on A', () => (onB.every((id) => a.gb.registry.get(id)?.online) ? true : undefined), 30_000);
    await waitFor('A to own B\'s device', async () => ((await cluster.presence.owner(moved)) === cluster.self ? true : undefined));
    await waitFor('A to count B dead', () => (cluster.instances.isAlive(b.self) ? undefined : true));
  }, 180_000);
});
