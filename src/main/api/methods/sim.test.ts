import { afterEach, describe, expect, it } from 'vitest';
import { FakePlatform } from '../../../device-sim/testing/fake-platform';
import { ApiError } from '../../../shared/errors';
import { dispatch, type ApiHandlers } from '../handlers';
import { createSimMethods, type SimMethods } from './sim';

let platform: FakePlatform | undefined;
let sim: SimMethods | undefined;
afterEach(async () => {
  await sim?.close();
  await platform?.close();
  sim = platform = undefined;
});

async function setup(maxRunning?: number) {
  platform = await FakePlatform.start({ password: 'console-pw' });
  const lines: string[] = [];
  sim = createSimMethods({
    serverAddress: () => ({ ip: '0.0.0.0', port: platform!.port }),
    serverId: platform.id,
    domain: () => platform!.domain,
    password: () => 'console-pw',
    log: (l) => lines.push(l),
    maxRunning,
  });
  return { platform, sim, lines };
}

describe('sim.* methods', () => {
  it('starts simulated devices that register with the server over loopback, lists and stops them', async () => {
    const { platform, sim, lines } = await setup();
    const started = await sim['sim.start']({ count: 2, channels: 1 });
    expect(started.deviceIds).toEqual(['34020000001320900001', '34020000001320900002']);
    await platform.waitFor(() => platform.registrations.size === 2, 5000, 'two registrations');
    expect([...platform.registrations.keys()].sort()).toEqual(started.deviceIds);

    const more = await sim['sim.start']({ transport: 'tcp' });
    expect(more.deviceIds).toEqual([...started.deviceIds, '34020000001320900005']);
    await platform.waitFor(() => platform.registrations.size === 3, 5000, 'a third registration');
    expect(platform.registrations.get(more.deviceIds[2])?.source.transport).toBe('TCP');
    expect((await sim['sim.list']({})).deviceIds).toEqual(more.deviceIds);

    const stopped = await sim['sim.stop']({});
    expect(stopped.deviceIds).toEqual(more.deviceIds);
    expect([...platform.registrations.values()].map((r) => r.deviceId + ' ' + r.source.transport)).toEqual([]); // each one unregistered (Expires: 0) before stop answered
    expect((await sim['sim.list']({})).deviceIds).toEqual([]);
    expect(lines.join('\n')).toMatch(/started 2 simulated device\(s\) 34020000001320900001\.\.34020000001320900002 with 1 channel/);
  });

  it('caps the devices running at once over all calls, concurrent ones included', async () => {
    const { sim } = await setup(3);
    await sim['sim.start']({ count: 2, channels: 0 });
    await expect(sim['sim.start']({ count: 2, channels: 0 })).rejects.toMatchObject({
      code: 'conflict',
      message: 'at most 3 simulated devices run at once and 2 are running or starting; stop them first (sim.stop)',
    });
    await sim['sim.stop']({});
    const both = await Promise.allSettled([sim['sim.start']({ count: 2, channels: 0 }), sim['sim.start']({ count: 2, channels: 0 })]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await sim['sim.list']({})).deviceIds).toHaveLength(2);
  });

  it('can start a device with a wrong password, which the server refuses', async () => {
    const { platform, sim } = await setup();
    const refused = platform.events.next('register', 5000, (e) => e.outcome === 'refused');
    const { deviceIds } = await sim['sim.start']({ wrongPassword: true });
    expect((await refused).deviceId).toBe(deviceIds[0]);
    expect(platform.registrations.size).toBe(0);
  });

  it('refuses bad parameters with bad_request', async () => {
    const { sim } = await setup();
    const call = (params: unknown) => dispatch(sim as unknown as ApiHandlers, 'sim.start', params);
    await expect(call({ count: 0 })).rejects.toMatchObject({ code: 'bad_request', message: 'count must be a whole number from 1 to 200; got 0' });
    await expect(call({ channels: 1.5 })).rejects.toBeInstanceOf(ApiError);
    await expect(call({ transport: 'sctp' })).rejects.toMatchObject({ code: 'bad_request', details: { transport: 'transport must be "udp" or "tcp"; got "sctp"' } });
    expect((await sim['sim.list']({})).deviceIds).toEqual([]);
  });
});
