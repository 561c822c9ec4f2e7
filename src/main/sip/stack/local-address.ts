import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';

export function isUnspecified(a: string): boolean {
  return a === '0.0.0.0' || a === '::' || a === '';
}

/** The address to advertise when bound to every interface: the first non-loopback IPv4, else 127.0.0.1. */
export function firstLanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return '127.0.0.1';
}

/** "::ffff:10.0.0.7" (IPv4 on a dual-stack socket) -> "10.0.0.7". */
export function stripV4Mapped(a: string): string {
  return a.startsWith('::ffff:') && net.isIPv4(a.slice(7)) ? a.slice(7) : a;
}

/** The source address the OS would use toward `ip` (connecting a UDP socket sends nothing). */
export function localAddressToward(ip: string): Promise<string | undefined> {
  const family = net.isIP(ip);
  if (!family) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    const done = (v: string | undefined) => {
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(v);
    };
    socket.once('error', () => done(undefined));
    try {
      socket.connect(9, ip, () => {
        try {
          const a = socket.address().address;
          done(isUnspecified(a) ? undefined : stripV4Mapped(a));
        } catch {
          done(undefined);
        }
      });
    } catch {
      done(undefined);
    }
  });
}

export interface RouteCacheOptions {
  now: () => number;
  /** Most remote addresses remembered (peers choose them: the table is bounded). Default 4096. */
  maxEntries?: number;
  /** After this long an answer is looked up again (routes change when a VPN or a cable comes and goes). Default 5 min. */
  refreshMs?: number;
  lookup?: (ip: string) => Promise<string | undefined>;
}

/** The local address that routes to each remote IP, remembered so the send path can ask synchronously. */
export class RouteCache {
  private readonly entries = new Map<string, { local: string; at: number }>();
  private readonly pending = new Map<string, Promise<string | undefined>>();
  private readonly now: () => number;
  private readonly max: number;
  private readonly refreshMs: number;
  private readonly lookup: (ip: string) => Promise<string | undefined>;

  constructor(opts: RouteCacheOptions) {
    this.now = opts.now;
    this.max = opts.maxEntries ?? 4096;
    this.refreshMs = opts.refreshMs ?? 5 * 60_000;
    this.lookup = opts.lookup ?? localAddressToward;
  }

  /** The remembered answer (a stale one starts a refresh and is still returned). */
  get(ip: string): string | undefined {
    const e = this.entries.get(ip);
    if (e && this.now() - e.at > this.refreshMs) void this.resolve(ip);
    return e?.local;
  }

  /** Looks the route up (once at a time per IP) and remembers it. */
  resolve(ip: string): Promise<string | undefined> {
    const running = this.pending.get(ip);
    if (running) return running;
    const p = this.lookup(ip).catch(() => undefined).then((local) => {
      this.pending.delete(ip);
      if (local) this.remember(ip, local);
      return local;
    });
    this.pending.set(ip, p);
    return p;
  }

  private remember(ip: string, local: string): void {
    this.entries.delete(ip);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(ip, { local, at: this.now() });
  }
}
