// Live view against the real GB server (loopback sockets, SQLite in a temp dir) and the device simulator.
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import type { ApiEventName, ApiEvents } from '../../../shared/contract';
import { decodeFrame, type DecodedMediaFrame } from '../../../shared/media-frames';
import type { DeviceDefaults } from '../../../device-sim/device/config';
import { SimFleet } from '../../../device-sim/fleet/fleet';
import { buildDeviceControl } from '../../gb28181/manscdp/messages/device-control';
import { startHarness, type Harness } from '../../gb28181/server/testing/harness';
import type { SignallingRecord } from '../../sip/tap/tap';
import type { Clock } from '../../sip/timers/clock';
import { deviceServiceDirectory } from '../directory';
import type { FrameSink } from '../frame-fanout';
import { LiveService, type LiveTiming } from '../live-service';

export const PASSWORD = '12345678';
export const DEVICE_BASE = '34020000001320000001';

function bindUdp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind({ port, exclusive: true }, () => resolve(s));
  });
}

function listenTcp(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ port, exclusive: true }, () => resolve(s));
  });
}

/**
 * Where a test's media ports may come from: below the kernel's ephemeral range. A tcp-active session only leases
 * its port (we connect out), so inside that range a socket another test file binds to port 0 (a simulated fleet
 * binds hundreds) could take it, and the check that the session released it would fail (seen once in CI).
 */
function portsBelowEphemeral(): { min: number; max: number } {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 12_000) return { min: 10_000, max: low - 1 };
  } catch {
    // not Linux: the usual ephemeral range starts at 49152
  }
  return { min: 20_000, max: 49_151 };
}

/** A block of `n` consecutive ports free for both UDP and TCP right now, outside the kernel's ephemeral range. */
export async function freePortRange(n: number): Promise<number> {
  const range = portsBelowEphemeral();
  for (let attempt = 0; attempt < 30; attempt++) {
    const base = range.min + Math.floor(Math.random() * (range.max - range.min - n));
    const held: Array<{ close(cb?: () => void): unknown }> = [];
    try {
      for (let p = base; p < base + n; p++) {
        held.push(await bindUdp(p));
        held.push(await listenTcp(p));
      }
      return base;
    } catch {
      // taken: another block
    } finally {
      await Promise.all(held.map((h) => new Promise<void>((r) => h.close(() => r()))));
    }
  }
  throw new Error('no free port block');
}

/** True when nothing holds `port` for UDP nor TCP. */
export async function portIsFree(port: number): Promise<boolean> {
  try {
    const u = await bindUdp(port);
    await new Promise<void>((r) => u.close(() => r()));
    const t = await listenTcp(port);
    await new Promise<void>((r) => t.close(() => r()));
    return true;
  } catch {
    return false;
  }
}

/** A viewer that reads every frame at once (bufferedAmount 0) and reports each. */
export class FrameCollector extends EventEmitter implements FrameSink {
  readonly frames: DecodedMediaFrame[] = [];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount = 0;

  send(message: Uint8Array): void {
    const r = decodeFrame(message);
    if (!r.ok) throw new Error(r.reason);
    this.frames.push({ ...r.frame, data: r.frame.data.slice() });
    this.emit('frame');
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.emit('closed');
  }

  /** The first frame at or after index `from` that `match` accepts, as it arrives. */
  waitFrame(what: string, match: (f: DecodedMediaFrame) => boolean, from = 0, timeoutMs = 8000): Promise<DecodedMediaFrame> {
    return new Promise((resolve, reject) => {
      let next = from;
      const found = (): DecodedMediaFrame | undefined => {
        for (; next < this.frames.length; next++) if (match(this.frames[next])) return this.frames[next];
        return undefined;
      };
      const already = found();
      if (already) return resolve(already);
      const timer = setTimeout(() => {
        this.off('frame', on);
        reject(new Error(`no ${what} among ${this.frames.length - from} frames within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = () => {
        const f = found();
        if (!f) return;
        clearTimeout(timer);
        this.off('frame', on);
        resolve(f);
      };
      this.on('frame', on);
    });
  }

  waitFrames(n: number, timeoutMs = 8000): Promise<DecodedMediaFrame[]> {
    return new Promise((resolve, reject) => {
      if (this.frames.length >= n) return resolve(this.frames);
      const timer = setTimeout(() => {
        this.off('frame', on);
        reject(new Error(`only ${this.frames.length} of ${n} frames within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = () => {
        if (this.frames.length < n) return;
        clearTimeout(timer);
        this.off('frame', on);
        resolve(this.frames);
      };
      this.on('frame', on);
    });
  }
}

export interface RigOptions {
  sipTransport?: 'udp' | 'tcp';
  device?: Partial<DeviceDefaults>;
  timing?: Partial<LiveTiming>;
  clock?: Clock;
  mediaIp?: string;
  /** Do not start a simulated device. */
  noDevice?: boolean;
  /** Ask for a keyframe once the INVITE is answered (IFrame DeviceControl), as the core does; or ask this way. */
  requestKeyframe?: boolean | ((deviceId: string, channelId: string) => Promise<unknown>);
}

export interface Rig {
  h: Harness;
  live: LiveService;
  fleet: SimFleet | undefined;
  deviceId: string;
  channelId: string;
  portMin: number;
  portMax: number;
  sip: SignallingRecord[];
  next<E extends ApiEventName>(name: E, pred?: (p: ApiEvents[E]) => boolean, timeoutMs?: number): Promise<ApiEvents[E]>;
  /** SIP requests/responses the server sent or received, as first lines (e.g. "out CANCEL", "in 487"). */
  sipLines(): string[];
  close(): Promise<void>;
}

function askKeyframe(h: Harness, deviceId: string, channelId: string): Promise<unknown> {
  const devices = h.server.devices;
  const gbVersion = devices.record(deviceId)?.gbVersion ?? undefined;
  return devices.sendManscdp(deviceId, buildDeviceControl({ sn: devices.nextSn(), deviceId: channelId, command: { type: 'iframe' }, gbVersion }));
}

export async function startRig(o: RigOptions = {}): Promise<Rig> {
  const portMin = await freePortRange(6);
  const h = await startHarness({
    flags: { sipIp: '127.0.0.1', sipPort: 0, mediaPortMin: portMin, mediaPortMax: portMin + 5, mediaIp: o.mediaIp ?? '' },
    tuning: { autoQueries: false },
  });
  const sip: SignallingRecord[] = [];
  h.server.stack.tap.add({ onMessage: (r) => sip.push(r) });
  const live = new LiveService({
    stack: h.server.stack,
    devices: { ...deviceServiceDirectory(h.server.devices), requestKeyframe: typeof o.requestKeyframe === 'function' ? o.requestKeyframe : o.requestKeyframe ? (d, c) => askKeyframe(h, d, c) : undefined },
    settings: h.settings,
    events: h.events,
    logger: h.logger,
    clock: o.clock,
    timing: { lingerMs: 0, ...o.timing },
  });
  let fleet: SimFleet | undefined;
  const port = h.server.listen[0].port;
  if (!o.noDevice) {
    fleet = await SimFleet.start({
      server: { ip: '127.0.0.1', port, id: h.settings.values.sipId, domain: h.settings.values.domain },
      password: PASSWORD,
      devices: 1,
      idBase: DEVICE_BASE,
      transport: o.sipTransport ?? 'udp',
      localIp: '127.0.0.1',
      // a textbook camera: its stream starts on a keyframe, one a second (the clip's own GOP)
      device: { channels: 2, keepaliveSec: 60, gopSec: 1, midGopStart: false, ...o.device },
    });
    await fleet.waitRegistered(5000);
  }
  const device = fleet?.devices[0];
  return {
    h,
    live,
    fleet,
    deviceId: device?.deviceId ?? DEVICE_BASE,
    channelId: device?.channelIds[0] ?? DEVICE_BASE,
    portMin,
    portMax: portMin + 5,
    sip,
    next: (name, pred, timeoutMs = 8000) => h.next(name, pred, timeoutMs),
    sipLines: () =>
      sip.map((r) => {
        const line = r.raw.toString('latin1', 0, Math.min(r.raw.length, 200)).split('\r\n')[0];
        const m = /^SIP\/2\.0 (\d{3})/.exec(line);
        return `${r.direction} ${m ? m[1] : line.split(' ')[0]}`;
      }),
    async close() {
      await live.close(500);
      await fleet?.stop();
      await h.close();
    },
  };
}
