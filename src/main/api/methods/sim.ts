// sim.* methods: the console's "simulated camera" action. Starts simulated GB/T 28181 devices in this process
// that register with this server's own SIP address, exactly as hardware would (they speak only SIP and RTP).
import type { SimulatedDevicesView } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { SimFleet, serialsUsed } from '../../../device-sim';
import type { ApiHandlers } from '../handlers';

export type SimMethodName = 'sim.start' | 'sim.stop' | 'sim.list';

export interface SimMethodsDeps {
  /** Where this server's SIP listens (an unspecified address is reached on loopback). */
  serverAddress: () => { ip: string; port: number };
  serverId: string | (() => string);
  domain: string | (() => string);
  /** The registration password devices must use (the server-wide one). */
  password: () => string;
  /** Installer-readable log line sink. */
  log?: (line: string) => void;
  /** Simulated devices running at once, all sim.start calls together (default MAX_RUNNING). */
  maxRunning?: number;
}

/** Each simulated device is sockets, timers and a device row: one caller must not start them without end. */
export const MAX_RUNNING = 1000;

/** Simulated devices get serials from here up, type 132 (IP camera), so they never look like site hardware. */
const FIRST_SERIAL = 900_001;

export interface SimMethods extends Pick<ApiHandlers, SimMethodName> {
  /** Unregisters and stops every simulated device (call on shutdown). */
  close(): Promise<void>;
}

/**
 * sim.start {count = 1, channels = 4, transport = 'udp', wrongPassword = false} starts that many devices and
 * answers with every simulated device now running; sim.stop unregisters them all (Expires: 0) and answers with
 * the ones it stopped; sim.list answers with the ones running.
 */
export function createSimMethods(deps: SimMethodsDeps): SimMethods {
  const fleets: SimFleet[] = [];
  let nextSerial = FIRST_SERIAL;
  let starting: Promise<unknown> = Promise.resolve();
  const value = (v: string | (() => string)) => (typeof v === 'function' ? v() : v);
  const view = (): SimulatedDevicesView => ({ deviceIds: fleets.flatMap((f) => f.deviceIds) });
  const log = deps.log ?? (() => {});
  const maxRunning = deps.maxRunning ?? MAX_RUNNING;
  let startingCount = 0;

  const start: ApiHandlers['sim.start'] = async (params) => {
    const count = params.count ?? 1;
    const channels = params.channels ?? 4;
    const transport = params.transport ?? 'udp';
    const running = view().deviceIds.length + startingCount;
    if (running + count > maxRunning) {
      throw new ApiError(
        'conflict',
        `at most ${maxRunning} simulated devices run at once and ${running} are running or starting; stop them first (sim.stop)`,
      );
    }
    const domain = value(deps.domain);
    const serial = nextSerial;
    const firstNumber = view().deviceIds.length + 1;
    const idBase = `${domain}1320${String(serial).padStart(6, '0')}`;
    const used = serialsUsed({ base: idBase, channelsPerDevice: channels }, count);
    if (serial + used > 999_999) throw new ApiError('conflict', 'no more simulated device IDs are free; stop the simulated devices first');
    nextSerial += used;
    const addr = deps.serverAddress();
    const ip = addr.ip === '0.0.0.0' || addr.ip === '' ? '127.0.0.1' : addr.ip === '::' ? '::1' : addr.ip;
    const run = SimFleet.start({
      server: { ip, port: addr.port, id: value(deps.serverId), domain },
      password: params.wrongPassword ? `${deps.password()}-wrong` : deps.password(),
      devices: count,
      idBase,
      transport,
      device: {
        channels,
        keepaliveSec: 60,
        faults: { wrongPassword: false },
        // the console's own server answers at once; retry soon so a fixed password shows up quickly
        timing: { retryMinMs: 10_000, retryMaxMs: 60_000 },
      },
      name: (i) => `模拟摄像机${firstNumber + i}`,
    });
    starting = run.catch(() => undefined);
    let fleet: SimFleet;
    startingCount += count;
    try {
      fleet = await run;
    } catch (err) {
      throw new ApiError('unavailable', `simulated devices could not start: ${(err as Error).message}`);
    } finally {
      startingCount -= count;
    }
    fleets.push(fleet);
    fleet.events.on('register-failed', (e) => log(`simulated device ${e.deviceId} could not register: ${e.reason}`));
    log(
      `started ${count} simulated device(s) ${fleet.deviceIds[0]}${count > 1 ? `..${fleet.deviceIds[count - 1]}` : ''} ` +
        `with ${channels} channel(s) over ${transport.toUpperCase()} against ${ip}:${addr.port}${params.wrongPassword ? ' (wrong password on purpose)' : ''}`,
    );
    return view();
  };

  const stopAll = async (): Promise<SimulatedDevicesView> => {
    await starting;
    const stopped = view();
    const all = fleets.splice(0);
    await Promise.all(all.map((f) => f.stop()));
    nextSerial = FIRST_SERIAL; // the next simulated devices reuse the same IDs instead of cluttering the device list
    if (stopped.deviceIds.length) log(`stopped ${stopped.deviceIds.length} simulated device(s)`);
    return stopped;
  };

  return {
    'sim.start': start,
    'sim.stop': () => stopAll(),
    'sim.list': async () => view(),
    close: async () => {
      await stopAll();
    },
  };
}
