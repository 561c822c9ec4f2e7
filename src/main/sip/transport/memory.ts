import type { SipAddress, SipMessage, SipTransportName } from '../message/types';
import { TransportBase } from './base';
import { describeAddress, peerKey, type Transport, type TransportEndpoint } from './transport';

/**
 * A loss-controllable network for tests: transports attach by address; delivery is asynchronous (a microtask),
 * so state machines never re-enter themselves.
 */
export class InMemoryNetwork {
  private readonly nodes = new Map<string, InMemoryTransport>();
  /** Return true to drop this copy (e.g. to simulate loss). */
  dropFilter: ((raw: Buffer, from: SipAddress, to: SipAddress) => boolean) | undefined;

  attach(t: InMemoryTransport): void {
    this.nodes.set(key(t.name, t.local), t);
  }

  detach(t: InMemoryTransport): void {
    if (this.nodes.get(key(t.name, t.local)) === t) this.nodes.delete(key(t.name, t.local));
  }

  transport(name: SipTransportName, local: TransportEndpoint, reliable = name === 'TCP'): InMemoryTransport {
    const t = new InMemoryTransport(this, name, local, reliable);
    this.attach(t);
    return t;
  }

  /** @internal */
  route(raw: Buffer, from: InMemoryTransport, to: SipAddress): boolean {
    const src: SipAddress = { transport: from.name, address: from.local.address, port: from.local.port };
    if (this.dropFilter?.(raw, src, to)) return true;
    const dest = this.nodes.get(key(to.transport, to));
    if (!dest) return false;
    queueMicrotask(() => dest.receive(raw, src));
    return true;
  }
}

function key(name: SipTransportName, a: TransportEndpoint): string {
  return `${name}|${peerKey(a.address, a.port)}`;
}

export class InMemoryTransport extends TransportBase implements Transport {
  /** Every buffer this transport sent, in order (for assertions). */
  readonly sent: Array<{ raw: Buffer; to: SipAddress }> = [];
  private closed = false;

  constructor(
    private readonly network: InMemoryNetwork,
    readonly name: SipTransportName,
    readonly local: TransportEndpoint,
    readonly reliable: boolean,
  ) {
    super();
  }

  /** Two transports of one kind wired to each other. */
  static pair(
    name: SipTransportName = 'UDP',
    a: TransportEndpoint = { address: '127.0.0.1', port: 5060 },
    b: TransportEndpoint = { address: '127.0.0.2', port: 5060 },
  ): [InMemoryTransport, InMemoryTransport, InMemoryNetwork] {
    const net = new InMemoryNetwork();
    return [net.transport(name, a), net.transport(name, b), net];
  }

  async send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    const raw = this.toBytes(data);
    if (this.closed) throw new Error(`in-memory transport closed; cannot send to ${describeAddress(to)}`);
    this.sent.push({ raw, to });
    this.report('out', raw, this.local, to);
    const delivered = this.network.route(raw, this, to);
    if (!delivered && this.reliable) throw new Error(`cannot open a ${this.name} connection to ${peerKey(to.address, to.port)}: refused`);
  }

  /** @internal called by the network */
  receive(raw: Buffer, source: SipAddress): void {
    if (this.closed) return;
    this.deliver({ raw, source, local: this.local, datagramLength: this.reliable ? undefined : raw.length });
  }

  /** Simulate the peer's connection going away (stream transports). */
  simulateClose(peer: SipAddress, text = `${this.name} connection from ${peerKey(peer.address, peer.port)} closed by the peer`): void {
    this.emit({ type: 'connection-closed', transport: this.name, peer, direction: 'inbound', reason: 'peer', text });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.network.detach(this);
  }
}
