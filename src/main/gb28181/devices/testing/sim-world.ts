// The console's GB server and one simulated device on real loopback sockets, both on one FakeClock: minutes of
// keepalives and outages run in milliseconds while every packet still crosses a real socket.
import { SimFleet, type FleetOptions } from '../../../../device-sim';
import type { SimDevice } from '../../../../device-sim';
import { FakeClock } from '../../../sip/timers/clock';
import { startHarness, type Harness } from '../../server/testing/harness';

export const SIM_ID = '34020000001320000001';

export interface SimWorld {
  h: Harness;
  clock: FakeClock;
  fleet: SimFleet;
  device: SimDevice;
  port: number;
  /** Advances the shared clock by `ms` in steps, letting real socket traffic through between steps. */
  run(ms: number, stepMs?: number): Promise<void>;
  /** Runs the clock until `cond` holds, at most `maxMs` of fake time. */
  runUntil(cond: () => boolean, what: string, maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Lets real I/O (loopback packets and their handlers) through. */
export async function turns(n = 8): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

export async function simWorld(o: { device?: FleetOptions['device']; harness?: Partial<Parameters<typeof startHarness>[0]>; transport?: 'udp' | 'tcp' } = {}): Promise<SimWorld> {
  const clock = new FakeClock(Date.UTC(2024, 7, 20, 7, 0, 0));
  const h = await startHarness({ clock, ...o.harness, flags: { sipIp: '127.0.0.1', sipPort: 0, password: 'sim-pw', ...o.harness?.flags } });
  const port = h.server.listen[0].port;
  let fleet: SimFleet;
  try {
    fleet = await SimFleet.start({
      server: { ip: '127.0.0.1', port, id: h.settings.values.sipId, domain: h.settings.values.domain },
      password: 'sim-pw',
      devices: 1,
      idBase: SIM_ID,
      localIp: '127.0.0.1',
      transport: o.transport,
      clock,
      device: { channels: 3, keepaliveSec: 60, ...o.device },
    });
  } catch (err) {
    await h.close();
    throw err;
  }
  const device = fleet.devices[0];
  const run = async (ms: number, stepMs = 1000) => {
    for (let done = 0; done < ms; ) {
      const step = Math.min(stepMs, ms - done);
      clock.advance(step);
      done += step;
      await turns();
    }
  };
  const runUntil = async (cond: () => boolean, what: string, maxMs = 600_000) => {
    for (let spent = 0; !cond(); spent += 1000) {
      if (spent >= maxMs) throw new Error(`${what}: not within ${maxMs / 1000} s of fake time`);
      await run(1000);
    }
  };
  await device.whenRegistered(10_000);
  return {
    h,
    clock,
    fleet,
    device,
    port,
    run,
    runUntil,
    async close() {
      await fleet.stop().catch(() => undefined);
      await h.close();
    },
  };
}
