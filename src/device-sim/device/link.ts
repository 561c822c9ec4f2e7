// How a device reaches the platform: a shared UDP node (many devices per socket) or its own TCP connection.
import { Listeners } from '../../shared/listeners';
import type { SipAddress } from '../../main/sip/message/types';
import type { Clock } from '../../main/sip/timers/clock';
import type { TimerBase } from '../../main/sip/timers/timers';
import { SipNode } from '../sip/node';
import type { Endpoint } from '../sip/requests';
import { TcpClientTransport } from '../sip/tcp-client';

export interface DeviceLink {
  readonly node: SipNode;
  readonly server: SipAddress;
  /** IP for media sockets and SDP. */
  readonly localIp: string;
  /** Our Via sent-by / Contact address. */
  local(): Endpoint;
  /** Opens the TCP connection when it is down; nothing for UDP. */
  ensureConnected(): Promise<void>;
  /** The TCP connection dropped (never for UDP). */
  onLost(fn: () => void): void;
  /** TCP: drop the connection (reboot). */
  reset(): void;
  /** Releases what this link alone owns (a TCP link's socket; a shared UDP node is left open). */
  close(): Promise<void>;
}

export class UdpLink implements DeviceLink {
  constructor(
    readonly node: SipNode,
    readonly server: SipAddress,
    readonly localIp: string,
    /** Via sent-by / Contact host to claim instead of localIp (a device behind NAT with its factory address). */
    private readonly sentBy?: string,
  ) {}

  local(): Endpoint {
    return { transport: 'UDP', host: this.sentBy ?? this.localIp, port: this.node.local.port };
  }

  ensureConnected(): Promise<void> {
    return Promise.resolve();
  }

  onLost(): void {}

  reset(): void {}

  async close(): Promise<void> {}
}

export class TcpLink implements DeviceLink {
  readonly node: SipNode;
  private readonly transport: TcpClientTransport;
  private readonly lost = new Listeners<[]>();

  constructor(
    readonly server: SipAddress,
    readonly localIp: string,
    clock: Clock,
    timers?: Partial<TimerBase>,
    private readonly sentBy?: string,
  ) {
    this.transport = new TcpClientTransport(server, localIp);
    this.node = new SipNode(this.transport, clock, timers);
    this.node.onTransportEvent((e) => {
      if (e.type === 'connection-closed' && e.reason !== 'shutdown') this.lost.emit();
    });
  }

  local(): Endpoint {
    const l = this.transport.local;
    return { transport: 'TCP', host: this.sentBy ?? this.localIp, port: l.port };
  }

  ensureConnected(): Promise<void> {
    return this.transport.connect();
  }

  onLost(fn: () => void): void {
    this.lost.add(fn);
  }

  reset(): void {
    this.transport.drop();
  }

  close(): Promise<void> {
    this.lost.clear();
    return this.node.close();
  }
}
