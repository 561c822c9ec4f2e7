// Presence and instance liveness against a real redis-server (testing/redis-process.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { InstanceDirectory, type InstanceCard } from './instances';
import { ClusterKeys } from './keys';
import { sharedNonceSecret } from './nonce-secret';
import { DevicePresence } from './presence';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './testing/redis-process';
import { waitFor } from './testing/wait-for';
import { NonceStore } from '../gb28181/digest';

const keys = new ClusterKeys('t:');

describe.skipIf(!redisAvailable)(`cluster presence (real redis-server)${redisAvailable ? '' : `: skipped, ${REDIS_MISSING}`}`, () => {
  let server: RedisProcess;
  const clients: Redis[] = [];
  const client = () => {
    const r = new Redis(server.url, { maxRetriesPerRequest: 1 });
    clients.push(r);
    return r;
  };
  const card = (id: string, port: number, devicesOnline = 0): InstanceCard => ({ id, sip: { ip: '127.0.0.1', port }, devicesOnline, startedAt: 0 });

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  it('names the live owner of a device, and nobody once the owner releases it or another instance takes it', async () => {
    const a = new InstanceDirectory(client(), keys, { ttlMs: 5_000, card: () => card('A', 5060) });
    const b = new InstanceDirectory(client(), keys, { ttlMs: 5_000, card: () => card('B', 5070) });
    await a.beat();
    await b.beat();
    await a.refresh();
    expect(a.alive().map((c) => c.id).sort()).toEqual(['A', 'B']);
    const pa = new DevicePresence(client(), keys, 'A');
    const pb = new DevicePresence(client(), keys, 'B');
    expect(await pa.take('34020000001320000001', 60_000)).toBeUndefined();
    expect(await pa.take('34020000001320000002', 60_000)).toBeUndefined();
    expect(await pb.owner('34020000001320000001')).toBe('A');
    expect(await pb.owner('34020000001320000009')).toBeUndefined();
    // The device moved to B: A's late release must not take it from B.
    expect(await pb.take('34020000001320000002', 60_000)).toBe('A');
    expect(await pa.release('34020000001320000002')).toBe(false);
    expect(await pa.owner('34020000001320000002')).toBe('B');
    expect(await pa.release('34020000001320000001')).toBe(true);
    expect(await pb.owner('34020000001320000001')).toBeUndefined();
    await a.stop(true);
    await b.stop(true);
  });

  it('tells which of many devices another live instance holds, over more than one chunk of 1,000', async () => {
    const a = new InstanceDirectory(client(), keys, { ttlMs: 5_000, card: () => card('HA', 5110) });
    const b = new InstanceDirectory(client(), keys, { ttlMs: 5_000, card: () => card('HB', 5120) });
    await a.beat();
    await b.beat();
    const id = (n: number) => `3402000000132${String(n).padStart(7, '0')}`;
    const ids = Array.from({ length: 2_500 }, (_, n) => id(n));
    const pa = new DevicePresence(client(), keys, 'HA');
    const pb = new DevicePresence(client(), keys, 'HB');
    // A holds the even ones, B every tenth, a dead instance (no card) the ones ending in 7; the rest nobody.
    expect(await pa.renew(ids.filter((_, n) => n % 2 === 0 && n % 10 !== 0), 60_000)).toEqual([]);
    expect(await pb.renew(ids.filter((_, n) => n % 10 === 0), 60_000)).toEqual([]);
    expect(await new DevicePresence(client(), keys, 'gone').renew(ids.filter((_, n) => n % 10 === 7), 60_000)).toEqual([]);
    const seenByB = await pb.heldElsewhere(ids);
    expect([...seenByB].sort()).toEqual(ids.filter((_, n) => n % 2 === 0 && n % 10 !== 0));
    const seenByA = await pa.heldElsewhere(ids);
    expect([...seenByA].sort()).toEqual(ids.filter((_, n) => n % 10 === 0));
    expect(await pa.heldElsewhere([])).toEqual(new Set());
    await a.stop(true);
    await b.stop(true);
  });

  it("drops a dead instance's devices once its card expires, though their own keys run longer", async () => {
    const dying = client();
    const d = new InstanceDirectory(dying, keys, { ttlMs: 300, card: () => card('D', 5080) });
    await d.start();
    await new DevicePresence(dying, keys, 'D').take('34020000001320000101', 3_600_000);
    const observer = new DevicePresence(client(), keys, 'O');
    expect(await observer.owner('34020000001320000101')).toBe('D');
    // Dies: no goodbye, no more beats.
    await d.stop(false);
    dying.disconnect();
    await waitFor('the dead instance to lose its device', async () => ((await observer.owner('34020000001320000101')) === undefined ? true : undefined), 5_000);
    const o = new InstanceDirectory(client(), keys, { ttlMs: 5_000, card: () => card('O', 5090) });
    await o.beat();
    expect(o.isAlive('D')).toBe(false);
    await o.stop(true);
  });

  it('knows nobody alive once Redis has not answered for a whole ttl (no 302 to an instance that may be gone)', async () => {
    const own = await startRedis();
    const r = new Redis(own.url, { maxRetriesPerRequest: 0, retryStrategy: () => 200 });
    r.on('error', () => undefined);
    const d = new InstanceDirectory(r, keys, { ttlMs: 400, card: () => card('S', 5100), onError: () => undefined });
    await d.start();
    expect(d.alive().map((c) => c.id)).toEqual(['S']);
    await own.stop();
    await waitFor('the snapshot to lapse', () => (d.alive().length === 0 ? true : undefined), 5_000);
    await d.stop(false);
    r.disconnect();
  });

  it('gives every instance the same nonce secret, so a nonce issued by one checks on another', async () => {
    const s1 = await sharedNonceSecret(client(), keys);
    const s2 = await sharedNonceSecret(client(), keys);
    expect(s2.equals(s1)).toBe(true);
    const nonce = new NonceStore({ secret: s1 }).issue('udp 127.0.0.1:5061');
    expect(new NonceStore({ secret: s2 }).check(nonce, 'udp 127.0.0.1:5061').state).toBe('valid');
    expect(new NonceStore().check(nonce, 'udp 127.0.0.1:5061').state).toBe('unknown');
  });
});
