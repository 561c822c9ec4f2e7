// Many simulated devices in one process. Over UDP they share a small pool of sockets (each socket's SIP node
// routes by the device or channel ID in the Request-URI); over TCP each device keeps its own connection, as
// GB/T 28181-2022 asks. Registrations start with bounded concurrency so a large fleet does not flood the
// platform; timers are the stack's Clock, so a fleet can run on a fake clock in tests.
import dgram from 'node:dgram';
import net from 'node:net';
import type { SipAddress } from '../../main/sip/message/types';
import { systemClock, type Clock } from '../../main/sip/timers/clock';
import type { TimerBase } from '../../main/sip/timers/timers';
import { deviceIdAt, maxDevicesFor } from '../ids';
import { DEVICE_DEFAULTS, DEFAULT_TIMING, type DeviceConfig, type DeviceOverrides, type ServerTarget } from '../device/config';
import { SimDevice } from '../device/device';
import { Emitter } from '../device/emitter';
import { TcpLink, UdpLink, type DeviceLink } from '../device/link';
import { afterInputClock } from '../sip/after-input-clock';
import { SipNode } from '../sip/node';

export interface FleetOptions {
  server: ServerTarget;
  password: string;
  devices: number;
  /** 20-digit ID of the first device. */
  idBase: string;
  transport?: 'udp' | 'tcp';
  /** Local IP to bind and advertise; default: the address this host uses to reach the server. */
  localIp?: string;
  /** UDP sockets shared by the fleet; default one per 250 devices, at most 64. */
  sockets?: number;
  /** Registrations in flight at once while the fleet starts; default 200. */
  concurrency?: number;
  /** Per-device settings (keepalive, version, charset, channels, faults, timing...). */
  device?: DeviceOverrides;
  /** Device names; default "模拟设备<n>". */
  name?: (index: number) => string;
  clock?: Clock;
  sipTimers?: Partial<TimerBase>;
  random?: () => number;
  /** Create the devices without registering them (call startAll or device.start yourself). */
  deferStart?: boolean;
}

export interface FleetStats {
  devices: number;
  registered: number;
  retrying: number;
  registerFailures: number;
  keepalivesSent: number;
  keepalivesAnswered: number;
  mediaSessions: number;
  sockets: number;
  /** SIP messages sent and received on the shared UDP sockets (retransmissions included). */
  sipSent: number;
  sipReceived: number;
  /** Requests the devices sent again for want of an answer in time (Timer A/E), and requests they received again. */
  sipResent: number;
  sipRepeatsReceived: number;
}

export interface FleetEvents {
  registered: { deviceId: string; count: number };
  'register-failed': { deviceId: string; reason: string; status: number | undefined; retryInMs: number };
  keepalive: { deviceId: string; ok: boolean };
}

export class SimFleet {
  readonly events = new Emitter<FleetEvents>();
  readonly devices: SimDevice[] = [];
  private readonly byId = new Map<string, SimDevice>();
  private readonly nodes: SipNode[] = [];
  /** Devices whose last registration attempt succeeded (kept from events, so counting is O(1)). */
  private readonly registered = new Set<string>();
  private stopped = false;
  private sharedConfig: Omit<DeviceConfig, 'deviceId' | 'index' | 'name'> | undefined;

  private constructor(
    readonly options: FleetOptions,
    readonly localIp: string,
  ) {}

  static async start(options: FleetOptions): Promise<SimFleet> {
    const transport = options.transport ?? 'udp';
    const channels = options.device?.channels ?? DEVICE_DEFAULTS.channels;
    const limit = maxDevicesFor({ base: options.idBase, channelsPerDevice: channels });
    if (options.devices > limit) {
      throw new Error(`--id-base ${options.idBase} leaves room for ${limit} devices with ${channels} channels each; asked for ${options.devices}`);
    }
    const localIp = options.localIp ?? (await localAddressFor(options.server.ip));
    const fleet = new SimFleet(options, localIp);
    const clock = options.clock ?? systemClock;
    const server: SipAddress = { transport: transport === 'tcp' ? 'TCP' : 'UDP', address: options.server.ip, port: options.server.port };
    try {
      if (transport === 'udp') {
        const count = Math.max(1, Math.min(options.devices, options.sockets ?? Math.min(64, Math.ceil(options.devices / 250))));
        // on the real clock, a request's retransmission timers wait for the answers already in the sockets
        const sipClock = options.clock ? clock : afterInputClock(clock);
        for (let i = 0; i < count; i++) fleet.nodes.push(await SipNode.udp(localIp, sipClock, options.sipTimers));
      }
      for (let i = 0; i < options.devices; i++) {
        const link: DeviceLink =
          transport === 'udp'
            ? new UdpLink(fleet.nodes[i % fleet.nodes.length], server, localIp, options.device?.field?.sentBy)
            : new TcpLink(server, localIp, clock, options.sipTimers, options.device?.field?.sentBy);
        fleet.add(new SimDevice(fleet.configFor(i), link, clock, options.random));
      }
    } catch (err) {
      await fleet.stop();
      throw err;
    }
    if (!options.deferStart) void fleet.startAll();
    return fleet;
  }

  get(deviceId: string): SimDevice | undefined {
    return this.byId.get(deviceId);
  }

  get deviceIds(): string[] {
    return this.devices.map((d) => d.deviceId);
  }

  /** Starts every device's registration, at most `concurrency` first attempts in flight. */
  async startAll(): Promise<void> {
    const next = inTurn([...this.devices]);
    const workers = Math.max(1, Math.min(this.devices.length, this.options.concurrency ?? 200));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let d = next(); d && !this.stopped; d = next()) await d.start();
      }),
    );
  }

  /** Resolves when `count` devices (default all) are registered; rejects after `timeoutMs`. */
  waitRegistered(timeoutMs: number, count = this.devices.length): Promise<void> {
    const done = () => this.registered.size >= count;
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        const s = this.stats();
        reject(new Error(`${s.registered} of ${count} devices registered within ${timeoutMs} ms (${s.registerFailures} failures)`));
      }, timeoutMs);
      const off = this.events.on('registered', () => {
        if (!done()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** Devices registered right now. */
  get registeredCount(): number {
    return this.registered.size;
  }

  stats(): FleetStats {
    const s: FleetStats = {
      devices: this.devices.length,
      registered: this.registered.size,
      retrying: 0,
      registerFailures: 0,
      keepalivesSent: 0,
      keepalivesAnswered: 0,
      mediaSessions: 0,
      sockets: this.options.transport === 'tcp' ? this.devices.length : this.nodes.length,
      sipSent: 0,
      sipReceived: 0,
      sipResent: 0,
      sipRepeatsReceived: 0,
    };
    for (const n of this.nodes) {
      s.sipSent += n.transportLayer.stats.sent;
      s.sipReceived += n.transportLayer.stats.received;
      s.sipResent += n.transactions.retransmissions.requestsResent;
      s.sipRepeatsReceived += n.transactions.retransmissions.requestRepeatsReceived;
    }
    for (const d of this.devices) {
      if (d.state === 'retry-wait') s.retrying++;
      s.registerFailures += d.counters.registerFailures;
      s.keepalivesSent += d.counters.keepalivesSent;
      s.keepalivesAnswered += d.counters.keepalivesAnswered;
      s.mediaSessions += d.media.count;
    }
    return s;
  }

  /** Unregisters every device (Expires: 0, at most `concurrency` at once) and closes the sockets. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const next = inTurn([...this.devices]);
    const workers = Math.max(1, Math.min(this.devices.length, this.options.concurrency ?? 200));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let d = next(); d; d = next()) await d.stop().catch(() => {});
      }),
    );
    await Promise.all(this.nodes.map((n) => n.close()));
  }

  private add(d: SimDevice): void {
    this.devices.push(d);
    this.byId.set(d.deviceId, d);
    d.events.on('registered', (e) => {
      this.registered.add(d.deviceId);
      this.events.emit('registered', { deviceId: d.deviceId, count: e.count });
    });
    d.events.on('register-failed', (e) => {
      this.registered.delete(d.deviceId);
      this.events.emit('register-failed', { deviceId: d.deviceId, reason: e.reason, status: e.status, retryInMs: e.retryInMs });
    });
    d.events.on('reboot', () => this.registered.delete(d.deviceId));
    d.events.on('unregistered', () => this.registered.delete(d.deviceId));
    d.events.on('keepalive', (e) => this.events.emit('keepalive', { deviceId: d.deviceId, ok: e.ok }));
  }

  private configFor(index: number): DeviceConfig {
    const o = this.options;
    const shared = (this.sharedConfig ??= this.sharedSettings());
    // each device its own copies: a device's settings may be changed alone (DeviceConfig, a test's knob)
    return {
      ...shared,
      timing: { ...shared.timing },
      faults: { ...shared.faults },
      field: { ...shared.field },
      deviceId: deviceIdAt(o.idBase, index),
      index,
      name: o.name ? o.name(index) : `模拟设备${index + 1}`,
    };
  }

  /** The settings every device of the fleet starts with, worked out once. */
  private sharedSettings(): Omit<DeviceConfig, 'deviceId' | 'index' | 'name'> {
    const o = this.options;
    const d = o.device ?? {};
    const channels = d.channels ?? DEVICE_DEFAULTS.channels;
    return {
      ...DEVICE_DEFAULTS,
      model: channels > 1 ? 'SIM-NVR' : 'SIM-IPC',
      ...d,
      timing: { ...DEFAULT_TIMING, ...d.timing },
      faults: { ...d.faults },
      field: { ...d.field },
      channels,
      transport: o.transport ?? 'udp',
      idBase: o.idBase,
      server: o.server,
      password: o.password,
    };
  }
}

/**
 * Hands out the items one by one, in order. Not shift(): on a 10,000-device array it moves the rest whenever V8
 * cannot trim the array's start (while the garbage collector marks), ~0.8 % of the simulator's CPU in a storm.
 */
function inTurn<T>(items: readonly T[]): () => T | undefined {
  let i = 0;
  return () => (i < items.length ? items[i++] : undefined);
}

/** The local address the OS would use to reach `ip` (a connected UDP socket tells without sending). */
export async function localAddressFor(ip: string): Promise<string> {
  if (ip === '127.0.0.1' || ip === 'localhost' || ip.startsWith('127.')) return '127.0.0.1';
  const s = dgram.createSocket(net.isIPv6(ip) ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.connect(9, ip, () => resolve());
    });
    return s.address().address;
  } catch {
    return '0.0.0.0';
  } finally {
    s.close();
  }
}
