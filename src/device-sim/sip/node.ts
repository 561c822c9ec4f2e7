// One SIP endpoint (a socket plus the stack's transport and transaction layers) shared by many simulated
// devices: requests are handed to the device (or the device owning the channel) named in the Request-URI.
import type { SipAddress, SipRequest, SipResponse } from '../../main/sip/message/types';
import { createResponse, parseUri } from '../../main/sip/message';
import type { Clock } from '../../main/sip/timers/clock';
import type { TimerBase } from '../../main/sip/timers/timers';
import { TransactionLayer, type ServerTransaction } from '../../main/sip/transaction';
import { TransportLayer, UdpTransport, type Inbound, type Transport, type TransportEvent } from '../../main/sip/transport';

export interface NodeUser {
  onRequest(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void;
  /** ACK for a 2xx we sent (an INVITE dialog matter). */
  onAck?(ack: SipRequest, inbound: Inbound): void;
}

export class SipRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'transport',
  ) {
    super(message);
    this.name = 'SipRequestError';
  }
}

export class SipNode {
  readonly transportLayer: TransportLayer;
  readonly transactions: TransactionLayer;
  private readonly users = new Map<string, NodeUser>();
  private eventHandlers: Array<(e: TransportEvent) => void> = [];

  constructor(
    readonly transport: Transport,
    readonly clock: Clock,
    timers?: Partial<TimerBase>,
  ) {
    this.transportLayer = new TransportLayer([transport]);
    this.transactions = new TransactionLayer({ transport: this.transportLayer, clock, timers });
    this.transactions.setHandlers({
      onRequest: (req, tx, inbound) => this.route(req, tx, inbound),
      onAck: (ack, inbound) => this.userFor(ack)?.onAck?.(ack, inbound),
    });
    this.transportLayer.onEvent((e) => {
      for (const h of this.eventHandlers) h(e);
    });
  }

  static async udp(localIp: string, clock: Clock, timers?: Partial<TimerBase>, port = 0): Promise<SipNode> {
    return new SipNode(await UdpTransport.listen({ address: localIp, port }), clock, timers);
  }

  get local(): { address: string; port: number } {
    return this.transport.local;
  }

  get userCount(): number {
    return this.users.size;
  }

  /** Routes requests for `id` (a device or one of its channels) to `user`. */
  attach(id: string, user: NodeUser): void {
    this.users.set(id, user);
  }

  detach(id: string, user?: NodeUser): void {
    if (!user || this.users.get(id) === user) this.users.delete(id);
  }

  onTransportEvent(h: (e: TransportEvent) => void): () => void {
    this.eventHandlers.push(h);
    return () => {
      this.eventHandlers = this.eventHandlers.filter((x) => x !== h);
    };
  }

  /** Sends a request in its own client transaction; resolves with the final response. */
  request(req: SipRequest, dest: SipAddress, onProvisional?: (res: SipResponse) => void): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      try {
        this.transactions.sendRequest(req, dest, {
          onResponse: (res) => {
            if (res.status < 200) onProvisional?.(res);
            else resolve(res);
          },
          onTimeout: () => reject(new SipRequestError(`no answer to ${req.method} from ${dest.address}:${dest.port}`, 'timeout')),
          onTransportError: (err) => reject(new SipRequestError(err.message, 'transport')),
        });
      } catch (err) {
        reject(new SipRequestError((err as Error).message, 'transport'));
      }
    });
  }

  close(): Promise<void> {
    return this.transportLayer.close();
  }

  private userFor(req: SipRequest): NodeUser | undefined {
    const user = parseUri(req.uri)?.user;
    const direct = user ? this.users.get(user) : undefined;
    if (direct) return direct;
    const to = /sip:([^@;>]+)@/i.exec(req.headers.find((h) => h.name === 'To')?.value ?? '')?.[1];
    return to ? this.users.get(to) : undefined;
  }

  private route(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    const user = this.userFor(req);
    if (!user) {
      tx.respond(createResponse(req, 404, 'Not Found'));
      return;
    }
    user.onRequest(req, tx, inbound);
  }
}
