// One call per channel across instances: two console cores in this process over a real redis-server (SQLite
// each), one simulated camera. A viewer on the instance that does not hold the camera starts live view (the owner
// places the call for it, and that instance holds the channel in the live registry); a second viewer on the
// camera's own instance is served from the first instance's session (its frames forwarded over RTP), with no
// second INVITE at the camera, also when that viewer's session is TCP (passive or active). The registry forgets the channel when the sessions end, and an instance whose card
// is gone holds nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/create-core';
import { decodeFrame, type DecodedMediaFrame } from '../../shared/media-frames';
import type { FrameSink } from '../live/frame-fanout';
import { splitNalUnits } from '../media/annexb/nal-split';
import { h264NalType } from '../media/h264/nal';
import { parseH264Sps } from '../media/h264/sps';
import { SimFleet } from '../../device-sim/fleet/fleet';
import { freePort } from '../sip/interop/sipp';
import { freePortRange } from '../live/testing/live-rig';
import { ClusterKeys } from './keys';
import { LiveRegistry } from './live-registry';
import { connectRedis } from './redis-client';
import { SharedCall } from './shared-live';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './testing/redis-process';
import { waitFor } from './testing/wait-for';

const TUNING = { instanceTtlMs: 3_000, presenceRefreshMs: 1_000 };
const SERVER_ID = '34020000002000000001';

async function flags() {
  const media = await freePortRange(20);
  return { sipIp: '127.0.0.1', sipPort: await freePort(), password: '12345678', mediaIp: '127.0.0.1', mediaPortMin: media, mediaPortMax: media + 19 };
}

type LiveRow = { sessionId: string; channelId: string; frames: number; state: string; viewers: number };
const liveRow = async (core: Core, sessionId: string) => ((await core.handlers['live.list']({})) as LiveRow[]).find((s) => s.sessionId === sessionId);

describe.skipIf(!redisAvailable)(`live view shared across instances${redisAvailable ? '' : `: skipped, ${REDIS_MISSING}`}`, () => {
  let redis: RedisProcess;
  const cores: Core[] = [];
  let fleet: SimFleet | undefined;
  const dirs: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-share-'));
      dirs.push(dataDir);
      cores.push(await createCore({ dataDir, flags: await flags(), statsIntervalMs: 0, redis: redis.url, clusterTuning: TUNING }));
    }
  }, 120_000);

  /** The camera the first test registered, the instance it is registered to, the other one, and its first channel. */
  async function theCamera() {
    const sim = fleet!.devices[0];
    const deviceId = sim.deviceId;
    const ownerId = (await cores[0].cluster!.presence.owner(deviceId))!;
    const owner = cores.find((c) => c.cluster!.self === ownerId)!;
    const other = cores.find((c) => c !== owner)!;
    const channelId = ((await other.handlers['channel.list']({ deviceId })) as Array<{ channelId: string }>)[0].channelId;
    return { sim, deviceId, owner, other, channelId };
  }

  afterAll(async () => {
    await fleet?.stop();
    for (const c of cores) await c.close();
    await redis?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('serves a second viewer on another instance from the first one\'s call: one INVITE at the camera', async () => {
    const [first] = cores;
    await waitFor('both instances alive', () => (cores.every((c) => cores.every((o) => c.cluster!.instances.isAlive(o.cluster!.self))) ? true : undefined), 30_000);
    const port = first.gb.listen.find((l) => l.transport === 'udp')!.port;
    fleet = await SimFleet.start({
      server: { ip: '127.0.0.1', port, id: SERVER_ID, domain: SERVER_ID.slice(0, 10) },
      password: '12345678',
      devices: 1,
      idBase: '34020000001320000001',
      localIp: '127.0.0.1',
      sipTimers: { t1: 50 },
      device: { channels: 1, keepaliveSec: 1, keepaliveMaxFail: 3, field: { follow302: true } },
    });
    const sim = fleet.devices[0];
    const deviceId = sim.deviceId;
    const invites: string[] = [];
    sim.events.on('invite', (e) => invites.push(e.sessionName));
    await waitFor('the camera registered', () => (sim.state === 'registered' ? true : undefined), 30_000);
    const ownerId = await waitFor('the camera owned by an instance', () => first.cluster!.presence.owner(deviceId));
    const owner = cores.find((c) => c.cluster!.self === ownerId)!;
    const other = cores.find((c) => c !== owner)!;
    await waitFor('the other instance to list the camera online', async () => {
      const list = (await other.handlers['device.list']({})) as Array<{ deviceId: string; online: boolean }>;
      return list.some((d) => d.deviceId === deviceId && d.online) ? true : undefined;
    });
    const channelId = ((await other.handlers['channel.list']({ deviceId })) as Array<{ channelId: string }>)[0].channelId;

    // Viewer 1 on the instance without the camera: the owner places the call; that instance holds the channel.
    const v1 = await other.handlers['live.start']({ deviceId, channelId, transport: 'udp' });
    await waitFor('frames on the first viewer\'s instance', async () => ((await liveRow(other, v1.sessionId))?.frames ?? 0) > 0 || undefined, 20_000);
    expect(await other.cluster!.liveRegistry.holder(deviceId, channelId)).toBe(other.cluster!.self);

    // Viewer 2 on the camera's own instance: served from viewer 1's session, no second call to the camera.
    const v2 = await owner.handlers['live.start']({ deviceId, channelId, transport: 'udp' });
    const call = owner.live.service.host.get(v2.sessionId)!.call;
    expect(call).toBeInstanceOf(SharedCall);
    expect((call as SharedCall).sharedBy).toBe(other.cluster!.self);
    await waitFor('frames on the second viewer\'s instance', async () => ((await liveRow(owner, v2.sessionId))?.frames ?? 0) > 5 || undefined, 20_000);
    expect(invites).toEqual(['Play']);
    expect(sim.media.count).toBe(1);
    expect((await liveRow(other, v1.sessionId))?.viewers).toBe(2);

    // Viewer 1 leaves: the call stays for viewer 2 (the share is a viewer of that session), frames keep coming.
    expect(await other.handlers['live.stop']({ sessionId: v1.sessionId })).toEqual({ stopped: true });
    expect((await liveRow(other, v1.sessionId))?.viewers).toBe(1);
    const before = (await liveRow(owner, v2.sessionId))!.frames;
    await waitFor('more frames for viewer 2 after viewer 1 left', async () => ((await liveRow(owner, v2.sessionId))?.frames ?? 0) > before + 5 || undefined, 20_000);

    // Viewer 2 leaves: the share ends, the first instance's session ends, the camera's call is hung up, and the
    // registry forgets the channel.
    expect(await owner.handlers['live.stop']({ sessionId: v2.sessionId })).toEqual({ stopped: true });
    await waitFor('the camera\'s call hung up', () => (sim.media.count === 0 ? true : undefined), 20_000);
    await waitFor('both sessions gone', async () => ((await liveRow(other, v1.sessionId)) || (await liveRow(owner, v2.sessionId)) ? undefined : true), 20_000);
    await waitFor('the registry to forget the channel', async () => ((await other.cluster!.liveRegistry.holder(deviceId, channelId)) === undefined ? true : undefined));
    expect(invites).toEqual(['Play']);
  }, 120_000);

  it('ends both instances\' sessions as the camera\'s BYE when the camera hangs up the one call', async () => {
    const { sim, deviceId, owner, other, channelId } = await theCamera();
    const v1 = await other.handlers['live.start']({ deviceId, channelId, transport: 'udp' });
    const v2 = await owner.handlers['live.start']({ deviceId, channelId, transport: 'udp' });
    expect((owner.live.service.host.get(v2.sessionId)!.call as SharedCall).sharedBy).toBe(other.cluster!.self);
    const ended = new Map<string, { code?: string }>();
    for (const c of cores) c.events.on('live.ended', (e) => void ended.set(e.sessionId, { code: e.text?.code }));
    const callId = await waitFor('the camera\'s call', () => sim.media.list()[0]?.callId);
    // The camera hangs up on the owner, which placed the call: the owner tells the first instance, whose
    // session ends as on a BYE, and that session's end tells the second instance (not their stall watchdogs).
    await sim.media.hangup(callId);
    await waitFor('both sessions ended', () => (ended.has(v1.sessionId) && ended.has(v2.sessionId) ? true : undefined), 30_000);
    expect(ended.get(v1.sessionId)).toEqual({ code: 'live.deviceBye' });
    expect(ended.get(v2.sessionId)).toEqual({ code: 'live.deviceBye' });
    await waitFor('the registry to forget the channel', async () => ((await other.cluster!.liveRegistry.holder(deviceId, channelId)) === undefined ? true : undefined));
  }, 60_000);

  for (const transport of ['tcp-passive', 'tcp-active'] as const) {
    it(`serves a second viewer whose session is ${transport} from the first one's call: one INVITE, decodable frames`, async () => {
      const { sim, deviceId, owner, other, channelId } = await theCamera();
      const invites: string[] = [];
      const offInvite = sim.events.on('invite', (e) => void invites.push(e.sessionName));
      const started: Array<[Core, string]> = [];
      try {
        const v1 = await other.handlers['live.start']({ deviceId, channelId, transport: 'udp' });
        started.push([other, v1.sessionId]);
        await waitFor('frames on the first viewer\'s instance', async () => ((await liveRow(other, v1.sessionId))?.frames ?? 0) > 0 || undefined, 20_000);

        const v2 = await owner.handlers['live.start']({ deviceId, channelId, transport });
        started.push([owner, v2.sessionId]);
        const session = owner.live.service.host.get(v2.sessionId)!;
        expect(session.transport).toBe(transport);
        expect((session.call as SharedCall).sharedBy).toBe(other.cluster!.self);
        // The frames as a console's player gets them on the second viewer's instance (its WebSocket's path).
        const frames: DecodedMediaFrame[] = [];
        const sink: FrameSink = {
          bufferedAmount: 0,
          send(m) {
            const r = decodeFrame(m);
            if (r.ok) frames.push(r.frame);
          },
          close: () => undefined,
        };
        const viewer = owner.live.service.subscribeFrames(v2.sessionId, sink)!;
        await waitFor(`decodable frames over ${transport} on the second viewer's instance`, () => (frames.length > 5 ? true : undefined), 20_000);
        viewer.unsubscribe();
        expect(frames[0]).toMatchObject({ codec: 'h264', keyframe: true, width: 640, height: 360 });
        expect(frames.every((f) => f.codec === 'h264' && f.data.length > 0)).toBe(true);
        const sps = splitNalUnits(Buffer.from(frames[0].data)).find((n) => h264NalType(n[0]) === 7);
        expect(parseH264Sps(sps!)).toMatchObject({ width: 640, height: 360 });
        const row = (await liveRow(owner, v2.sessionId))!;
        expect(row.frames).toBeGreaterThan(5);
        expect(invites).toEqual(['Play']);
        expect(sim.media.count).toBe(1);

        for (const [core, sessionId] of started.splice(0).reverse()) expect(await core.handlers['live.stop']({ sessionId })).toEqual({ stopped: true });
        await waitFor('the camera\'s call hung up', () => (sim.media.count === 0 ? true : undefined), 20_000);
        await waitFor('both sessions gone', async () => ((await liveRow(other, v1.sessionId)) || (await liveRow(owner, v2.sessionId)) ? undefined : true), 20_000);
        await waitFor('the registry to forget the channel', async () => ((await other.cluster!.liveRegistry.holder(deviceId, channelId)) === undefined ? true : undefined));
        expect(invites).toEqual(['Play']);
      } finally {
        offInvite();
        for (const [core, sessionId] of started.reverse()) await Promise.resolve(core.handlers['live.stop']({ sessionId })).catch(() => undefined);
      }
    }, 60_000);
  }

  it('counts a holder only while its instance card lives, and renews only its own keys', async () => {
    const keys = new ClusterKeys();
    const r = connectRedis(redis.url, { info: () => undefined, warn: () => undefined }, 'test');
    try {
      const ghost = new LiveRegistry(r, keys, 'ghost', 60_000);
      const alive = new LiveRegistry(r, keys, 'alive', 60_000);
      const mine = new LiveRegistry(r, keys, 'mine', 60_000);
      const ch = '34020000001310000009';
      expect(await ghost.claim('dev-x', ch)).toBeUndefined();
      // 'ghost' has no instance card (dead): its claim counts for nothing; 'mine' takes the channel.
      expect(await mine.claim('dev-x', ch)).toBeUndefined();
      expect(await mine.holder('dev-x', ch)).toBe('mine');
      expect(await r.pttl(keys.liveChannel('dev-x', ch))).toBeGreaterThan(0);
      await r.pexpire(keys.liveChannel('dev-x', ch), 5_000);
      await mine.renew();
      expect(await r.pttl(keys.liveChannel('dev-x', ch))).toBeGreaterThan(5_000);
      await ghost.release('dev-x', ch);
      expect(await mine.holder('dev-x', ch)).toBe('mine');
      // A live holder (its card exists) is named to the next one, which does not take the channel.
      await r.set(keys.instance('alive'), '{}', 'PX', 60_000);
      await mine.release('dev-x', ch);
      expect(await alive.claim('dev-x', ch)).toBeUndefined();
      expect(await mine.claim('dev-x', ch)).toBe('alive');
      await mine.renew();
      expect(await mine.holder('dev-x', ch)).toBe('alive');
      await alive.releaseAll();
      expect(await mine.holder('dev-x', ch)).toBeUndefined();
    } finally {
      r.disconnect();
    }
  });
});
