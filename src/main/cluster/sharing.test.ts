// What two instances share beyond commands, as two clusters (startCluster) over a real redis-server with
// stand-ins for the core's parts: a PTZ move started from A on B's device stops when A's client is gone; a
// settings change on one instance is applied on the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { startCluster, type Cluster, type ClusterClients, type ClusterDevices } from './cluster';
import { remoteClientId } from './relay';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './testing/redis-process';
import { waitFor } from './testing/wait-for';

const DEV = '34020000001320000001';

function devices(online: string[]): ClusterDevices {
  return {
    onRegistered: () => () => undefined,
    onOffline: () => () => undefined,
    all: () => online.map((deviceId) => ({ deviceId, online: true })),
    get: (id) => (online.includes(id) ? { online: true } : undefined),
    stats: () => ({ devicesOnline: online.length }),
    handOver: () => undefined,
  };
}

describe.skipIf(!redisAvailable)(`API clients across instances${redisAvailable ? '' : `: skipped, ${REDIS_MISSING}`}`, () => {
  let redis: RedisProcess;
  const clusters: Cluster[] = [];
  const start = async (port: number) => {
    const c = await startCluster({ url: redis.url, logger: createLogger(), sipAddress: () => ({ ip: '127.0.0.1', port }), sipId: () => '34020000002000000001', instanceTtlMs: 3_000 });
    clusters.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clusters) await c.close();
    await redis?.stop();
  });

  it("runs the move on the owner under the client's cluster name, and ends that client there when it leaves A", async () => {
    const a = await start(5060);
    const b = await start(5070);
    await a.attach(devices([]));
    await b.attach(devices([DEV]));
    const endedOnB: string[] = [];
    const bClients: ClusterClients = { onGone: () => () => undefined, ended: (id) => void endedOnB.push(id) };
    b.followClients(bClients);
    const movesOnB: Array<{ deviceId: string; clientId?: string }> = [];
    b.route({ 'ptz.move': ((p: { deviceId: string }, c?: { clientId?: string }) => (movesOnB.push({ deviceId: p.deviceId, clientId: c?.clientId }), { ok: true })) as never });
    const gone = new Set<(id: string) => void>();
    a.followClients({ onGone: (fn) => (gone.add(fn), () => gone.delete(fn)), ended: () => undefined });
    const routed = a.route({ 'ptz.move': (() => {
      throw new Error('ran on A');
    }) as never }) as unknown as Record<string, (p: unknown, c?: unknown) => Promise<unknown>>;

    await waitFor('B to own the device', async () => ((await a.presence.owner(DEV)) === b.self ? true : undefined));
    expect(await routed['ptz.move']({ deviceId: DEV, channelId: DEV, pan: 'left', tilt: 'stop', zoom: 'stop', speed: 50 }, { clientId: 'tab-0000000001' })).toEqual({ ok: true });
    const name = remoteClientId(a.self, 'tab-0000000001');
    expect(movesOnB).toEqual([{ deviceId: DEV, clientId: name }]);
    for (const fn of gone) fn('tab-0000000001');
    await waitFor('B to end the client', () => (endedOnB.includes(name) ? true : undefined));
    // Another client leaving tells B nothing.
    for (const fn of gone) fn('tab-0000000002');
    expect(endedOnB).toEqual([name]);
  });
});

describe.skipIf(!redisAvailable)(`settings across instances${redisAvailable ? '' : `: skipped, ${REDIS_MISSING}`}`, () => {
  let redis: RedisProcess;
  const clusters: Cluster[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clusters) await c.close();
    await redis?.stop();
  });

  /** A stand-in SettingsService: values, change listeners, update. */
  function settingsOf(values: Record<string, unknown>) {
    const listeners = new Set<(s: never, changed: never) => void>();
    const applied: Array<Record<string, unknown>> = [];
    return {
      applied,
      get values() {
        return values as never;
      },
      onChange: (fn: (s: never, changed: never) => void) => (listeners.add(fn), () => listeners.delete(fn)),
      update(patch: Record<string, unknown>) {
        applied.push(patch);
        const changed = Object.keys(patch).filter((k) => values[k] !== patch[k]);
        Object.assign(values, patch);
        if (changed.length) for (const fn of listeners) fn(values as never, changed as never);
        return {};
      },
    };
  }

  it("applies a change made on A on B, but not A's own SIP port, and does not echo it back", async () => {
    const start = async (port: number) => {
      const c = await startCluster({ url: redis.url, logger: createLogger(), sipAddress: () => ({ ip: '127.0.0.1', port }), sipId: () => '34020000002000000001' });
      clusters.push(c);
      return c;
    };
    const a = await start(5060);
    const b = await start(5070);
    const sa = settingsOf({ password: 'old-pw-1234', sipPort: 5060 });
    const sb = settingsOf({ password: 'old-pw-1234', sipPort: 5070 });
    await a.shareSettings(sa as never);
    await b.shareSettings(sb as never);
    sa.update({ password: 'new-pw-5678', sipPort: 5061 });
    await waitFor('B to take the new password', () => ((sb.values as { password: string }).password === 'new-pw-5678' ? true : undefined));
    expect(sb.applied).toEqual([{ password: 'new-pw-5678' }]);
    expect((sb.values as { sipPort: number }).sipPort).toBe(5070);
    // B's applying it changed B's settings: that must not come back to A as a change of its own.
    sb.update({ logRetentionDays: 7 });
    await waitFor('A to take B\'s own change', () => (sa.applied.length === 2 ? true : undefined));
    expect(sa.applied).toEqual([{ password: 'new-pw-5678', sipPort: 5061 }, { logRetentionDays: 7 }]);
  });
});
