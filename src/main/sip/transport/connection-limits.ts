// Caps on inbound stream connections, total and per source address, so one host (or a flood of spoofed
// handshakes from it) cannot take every descriptor the console has while other devices still connect.

export interface ConnectionLimitOptions {
  /** Open connections at most, inbound and outbound together. Default 4096. */
  maxConnections?: number;
  /** Open inbound connections from one IP address at most. Default 64 (a site behind one NAT). */
  maxConnectionsPerIp?: number;
}

export const DEFAULT_MAX_CONNECTIONS = 4096;
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 64;

export class ConnectionLimits {
  readonly max: number;
  readonly maxPerIp: number;
  /** Inbound connections per source IP; an entry exists only while one is open, so the table is bounded by `max`. */
  private readonly perIp = new Map<string, number>();

  constructor(opts: ConnectionLimitOptions = {}) {
    this.max = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.maxPerIp = opts.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP;
  }

  /** Why a new inbound connection from `ip` must be refused (`open` = connections open now), or undefined. */
  refusal(ip: string, open: number): string | undefined {
    if (open >= this.max) return `${this.max} SIP TCP connections are open, the most allowed`;
    if ((this.perIp.get(ip) ?? 0) >= this.maxPerIp) return `${this.maxPerIp} connections from ${ip} are open, the most allowed from one address`;
    return undefined;
  }

  opened(ip: string): void {
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
  }

  closed(ip: string): void {
    const n = (this.perIp.get(ip) ?? 0) - 1;
    if (n > 0) this.perIp.set(ip, n);
    else this.perIp.delete(ip);
  }

  openFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }
}
