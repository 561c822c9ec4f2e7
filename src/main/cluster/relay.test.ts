// The command relay and owner routing between two instances over a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DomainError } from '../../shared/errors';
import { ClusterKeys } from './keys';
import { mergeLists, relayExecutor, routeByOwner } from './owner-routing';
import { LoadRedirect } from './redirect';
import { CommandRelay } from './relay';
import { unknownDeviceText } from '../gb28181/devices/route-texts';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisProcess } from './testing/redis-process';

const keys = new ClusterKeys('r:');

describe.skipIf(!redisAvailable)(`command relay (real redis-server)${redisAvailable ? '' : `: skipped, ${REDIS_MISSING}`}`, () => {
  let server: RedisProcess;
  const clients: Redis[] = [];
  const relays: CommandRelay[] = [];
  const client = () => {
    const r = new Redis(server.url, { maxRetriesPerRequest: 1 });
    clients.push(r);
    return r;
  };
  const relay = async (self: string, handlers: Record<string, (p: never) => unknown>) => {
    const r = new CommandRelay(client(), client(), keys, self, relayExecutor(handlers), { timeoutMs: 2_000 });
    await r.start();
    relays.push(r);
    return r;
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const r of relays) r.close();
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  it("runs a device method on the device's owner and brings back its result or its error's code", async () => {
    const ran: string[] = [];
    await relay('B', {
      'device.get': (p: { deviceId: string }) => {
        ran.push(`B ${p.deviceId}`);
        if (p.deviceId === '34020000001320000404') throw new DomainError('not_found', 'device 34020000001320000404 is not known to this server');
        return { deviceId: p.deviceId, online: true };
      },
      'settings.get': () => ({ password: 'secret' }),
    });
    const a = await relay('A', {});
    const local = { 'device.get': (p: { deviceId: string }) => (ran.push(`A ${p.deviceId}`), { deviceId: p.deviceId, online: false }) };
    const routed = routeByOwner(local, {
      self: 'A',
      onlineHere: (id) => id === '34020000001320000001',
      owner: async (id) => (id === '34020000001320000002' || id === '34020000001320000404' ? 'B' : undefined),
      others: () => ['B'],
      relay: a,
    });
    expect(await routed['device.get']({ deviceId: '34020000001320000002' })).toEqual({ deviceId: '34020000001320000002', online: true });
    expect(await routed['device.get']({ deviceId: '34020000001320000001' })).toEqual({ deviceId: '34020000001320000001', online: false });
    await expect(routed['device.get']({ deviceId: '34020000001320000404' })).rejects.toMatchObject({ code: 'not_found', message: 'device 34020000001320000404 is not known to this server' });
    expect(ran).toEqual(['B 34020000001320000002', 'A 34020000001320000001', 'B 34020000001320000404']);
    // Only device methods and lists run for another instance: never settings.
    await expect(a.call('B', 'settings.get', {})).rejects.toMatchObject({ code: 'bad_request' });
  });

  it("brings back the owner's server text with its error, and says its own failures as server texts", async () => {
    await relay('B3', {
      'device.get': (p: { deviceId: string }) => {
        throw DomainError.saying('not_found', unknownDeviceText(p.deviceId));
      },
    });
    const a = await relay('A3', {});
    const err = (await a.call('B3', 'device.get', { deviceId: '34020000001320000404' }).catch((e: DomainError) => e)) as DomainError;
    expect(err).toMatchObject({ code: 'not_found', message: unknownDeviceText('34020000001320000404').text, text: unknownDeviceText('34020000001320000404') });
    await expect(a.call('B3', 'settings.get', {})).rejects.toMatchObject({ code: 'bad_request', text: { code: 'cluster.notRelayed', params: { method: 'settings.get' } } });
    await expect(a.call('gone', 'device.get', {})).rejects.toMatchObject({ code: 'unavailable', text: { code: 'cluster.notListening', params: { instance: 'gone' } } });
  });

  it('says which instance is not listening, at once, instead of waiting for a timeout', async () => {
    const a = await relay('A2', {});
    const started = Date.now();
    await expect(a.call('gone', 'device.get', { deviceId: '34020000001320000001' })).rejects.toThrow('console instance gone is not listening');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('owner routing lists and the 302 policy', () => {
  it("merges lists so one entry per device remains, the owner's online one", () => {
    const merged = mergeLists(
      [
        [{ deviceId: '1', online: false, name: 'stale' }],
        [{ deviceId: '1', online: true, name: 'owner' }, { deviceId: '2', online: true }],
      ],
      (d) => String(d.deviceId),
    );
    expect(merged).toEqual([{ deviceId: '1', online: true, name: 'owner' }, { deviceId: '2', online: true }]);
  });

  it('sends a REGISTER to the least-loaded instance only when it carries fewer devices by the margin, counting those already sent', () => {
    const cards = [
      { id: 'A', sip: { ip: '127.0.0.1', port: 5060 }, devicesOnline: 3, startedAt: 0 },
      { id: 'B', sip: { ip: '127.0.0.1', port: 5070 }, devicesOnline: 1, startedAt: 0 },
    ];
    let load = 3;
    const r = new LoadRedirect({ self: 'A', alive: () => cards, loadHere: () => load, registeredHere: (id) => id === 'here', sipId: () => '34020000002000000001' });
    expect(r.choose('here')).toBeUndefined();
    expect(r.choose('x1')).toEqual({ contact: '<sip:34020000002000000001@127.0.0.1:5070>' });
    // B now counts 2 (1 + the one sent): A keeps the next (1 fewer is under the margin of 2).
    expect(r.choose('x2')).toBeUndefined();
    load = 10;
    expect(r.choose('x4')?.contact).toContain(':5070>');
  });
});

describe('registration problems across instances', () => {
  it('lists every instance\'s failures once, and unlocks on every instance', async () => {
    const calls: string[] = [];
    const others = {
      async call(id: string, method: string) {
        calls.push(`${id} ${method}`);
        if (method === 'registration.failures') return [{ deviceId: '1', address: '10.0.0.7:5060', reason: 'wrong-password' }, { deviceId: '2', address: '10.0.0.8:5060', reason: 'wrong-password' }];
        if (method === 'registration.unlock') return { unlocked: 2 };
        return {};
      },
    };
    const routed = routeByOwner(
      {
        'registration.failures': () => [{ deviceId: '1', address: '10.0.0.7:5060', reason: 'wrong-password' }],
        'registration.unlock': () => ({ unlocked: 1 }),
      },
      { self: 'A', onlineHere: () => false, owner: async () => undefined, others: () => ['B'], relay: others },
    );
    expect(((await routed['registration.failures']()) as Array<{ deviceId: string }>).map((f) => f.deviceId)).toEqual(['1', '2']);
    expect(await routed['registration.unlock']()).toEqual({ unlocked: 3 });
    expect(calls).toEqual(['B registration.failures', 'B registration.unlock']);
  });
});

describe('recordings of another instance\'s device', () => {
  it('runs playback and download here once the owner\'s view of the device is fetched (the owner places the call)', async () => {
    const ran: string[] = [];
    const prepared: string[] = [];
    const routed = routeByOwner(
      { 'playback.start': (p: { deviceId: string }) => (ran.push(`playback ${p.deviceId}`), { sessionId: 's' }), 'download.start': (p: { deviceId: string }) => (ran.push(`download ${p.deviceId}`), { downloadId: 'd' }) },
      {
        self: 'A',
        onlineHere: (id) => id === 'here',
        owner: async (id) => (id === 'there' ? 'B' : undefined),
        others: () => ['B'],
        relay: { call: async () => ({}) },
        prepare: async (owner, id) => void prepared.push(`${owner} ${id}`),
      },
    );
    expect(await routed['playback.start']({ deviceId: 'there' })).toEqual({ sessionId: 's' });
    expect(await routed['download.start']({ deviceId: 'there' })).toEqual({ downloadId: 'd' });
    expect(await routed['playback.start']({ deviceId: 'here' })).toEqual({ sessionId: 's' });
    expect(prepared).toEqual(['B there', 'B there']);
    expect(ran).toEqual(['playback there', 'download there', 'playback here']);
  });
});

describe("the console's record of a device", () => {
  it('is changed on every instance; the answer is the first that knew the device, an error only when none did', async () => {
    const sent: string[] = [];
    const relay = {
      async call(id: string, method: string, p: unknown) {
        sent.push(`${id} ${method}`);
        if ((p as { deviceId: string }).deviceId === 'nowhere') throw new DomainError('not_found', 'device nowhere is not known to this server');
        return { deviceId: (p as { deviceId: string }).deviceId, name: `named on ${id}` };
      },
    };
    const routed = routeByOwner(
      {
        'device.update': (p: { deviceId: string }) => {
          if (p.deviceId !== 'here') throw new DomainError('not_found', `device ${p.deviceId} is not known to this server`);
          return { deviceId: 'here', name: 'named on A' };
        },
      },
      { self: 'A', onlineHere: () => false, owner: async () => undefined, others: () => ['B'], relay },
    );
    expect(await routed['device.update']({ deviceId: 'here' })).toEqual({ deviceId: 'here', name: 'named on A' });
    expect(await routed['device.update']({ deviceId: 'elsewhere' })).toEqual({ deviceId: 'elsewhere', name: 'named on B' });
    await expect(routed['device.update']({ deviceId: 'nowhere' })).rejects.toMatchObject({ code: 'not_found' });
    expect(sent).toEqual(['B device.update', 'B device.update', 'B device.update']);
  });
});
