// One SIP endpoint (a socket plus the stack's transport and transaction layers) shared by many simulated
// devices: requests are handed to the device (or the device owning the channel) named in the Request-URI.
import { Listeners } from '../../shared/listeners';
import type { SipAddress, SipRequest, SipResponse } from '../../main/sip/message/types';
import { createResponse, getCallId, getCSeq, parseUri } from '../../main/sip/message';
import type { Clock } from '../../main/sip/timers/clock';
import type { TimerBase } from '../../main/sip/timers/timers';
import { NonInviteClientTransaction, TransactionLayer, type ClientTransactionUser, type ServerTransaction } from '../../main/sip/transaction';
import { TransportLayer, UdpTransport, type Inbound, type Transport, type TransportEvent } from '../../main/sip/transport';

export interface NodeUser {
  onRequest(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void;
  /** ACK for a 2xx we sent (an INVITE dialog matter). */
  onAck?(ack: SipRequest, inbound: Inbound): void;
}

/**
 * T4 = 0: a request's client transaction ends at its final response, with no Timer K (RFC 3261 §17.1.2.2), and an
 * INVITE's server transaction with the ACK of a non-2xx, with no Timer I (§17.2.1). Those timers only absorb
 * retransmitted responses and ACKs, which now arrive as strays and are dropped the same way: nothing changes on the
 * wire, but a storm's completed transactions (one per request, 5 s each) are not held, which was the simulator's
 * largest share of garbage collection. A caller's own t4 still wins.
 */
const DEVICE_TIMERS: Partial<TimerBase> = { t4: 0 };

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
  private readonly eventHandlers = new Listeners<[TransportEvent]>();
  /** Client transactions of devices that reuse one Via branch, by Call-ID, CSeq and method. */
  private readonly reusedBranch = new Map<string, NonInviteClientTransaction>();

  private readonly timers: Partial<TimerBase>;

  constructor(
    readonly transport: Transport,
    readonly clock: Clock,
    timers?: Partial<TimerBase>,
  ) {
    this.timers = timers ? { ...DEVICE_TIMERS, ...timers } : DEVICE_TIMERS;
    this.transportLayer = new TransportLayer([transport]);
    this.transactions = new TransactionLayer({ transport: this.transportLayer, clock, timers: this.timers });
    this.transactions.setHandlers({
      onRequest: (req, tx, inbound) => this.route(req, tx, inbound),
      onAck: (ack, inbound) => this.userFor(ack)?.onAck?.(ack, inbound),
      onStrayResponse: (res) => {
        // with no Timer K, a retransmitted final response lands here: most nodes have no reused branch to look up
        if (this.reusedBranch.size === 0) return;
        const key = reusedKey(res);
        const tx = key ? this.reusedBranch.get(key) : undefined;
        tx?.receiveResponse(res);
      },
    });
    this.transportLayer.onEvent((e) => this.eventHandlers.emit(e));
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
    return this.eventHandlers.add(h);
  }

  /** Sends a request in its own client transaction; resolves with the final response. */
  request(req: SipRequest, dest: SipAddress, onProvisional?: (res: SipResponse) => void): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      try {
        this.transactions.sendRequest(req, dest, new RequestUser(req, dest, resolve, reject, onProvisional));
      } catch (err) {
        reject(new SipRequestError((err as Error).message, 'transport'));
      }
    });
  }

  /**
   * Sends a non-INVITE request whose Via branch the device uses for every request (docs/protocol.md §13). The transaction
   * layer keys client transactions by branch, so these are kept apart by Call-ID, CSeq and method instead.
   */
  requestWithReusedBranch(req: SipRequest, dest: SipAddress): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      const key = reusedKey(req);
      if (!key || this.reusedBranch.has(key)) {
        reject(new SipRequestError(`a ${req.method} with this Call-ID and CSeq is already in progress`, 'transport'));
        return;
      }
      const user = new RequestUser(req, dest, resolve, reject);
      const tx = new NonInviteClientTransaction(req, dest, this.transactions.clientContext(dest), user);
      this.reusedBranch.set(key, tx);
      tx.onTerminated(() => {
        if (this.reusedBranch.get(key) === tx) this.reusedBranch.delete(key);
      });
      tx.start();
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

/**
 * The transaction's user for one request. It lets go of the promise once settled: a transaction kept for Timer K
 * (RFC 3261 §17.1.2.2, 5 s over UDP, when a caller asks for it) must not keep the answer and what awaited it alive
 * that long. A class, not closures: one object per request.
 */
class RequestUser implements ClientTransactionUser {
  private resolve: ((res: SipResponse) => void) | undefined;
  private reject: ((err: Error) => void) | undefined;
  private onProvisional: ((res: SipResponse) => void) | undefined;
  private readonly method: string;
  private readonly address: string;
  private readonly port: number;

  constructor(req: SipRequest, dest: SipAddress, resolve: (res: SipResponse) => void, reject: (err: Error) => void, onProvisional?: (res: SipResponse) => void) {
    this.resolve = resolve;
    this.reject = reject;
    this.onProvisional = onProvisional;
    this.method = req.method;
    this.address = dest.address;
    this.port = dest.port;
  }

  onResponse(res: SipResponse): void {
    if (res.status < 200) {
      this.onProvisional?.(res);
      return;
    }
    const resolve = this.resolve;
    this.settled();
    resolve?.(res);
  }

  onTimeout(): void {
    this.fail(new SipRequestError(`no answer to ${this.method} from ${this.address}:${this.port}`, 'timeout'));
  }

  onTransportError(err: Error): void {
    this.fail(new SipRequestError(err.message, 'transport'));
  }

  private fail(err: Error): void {
    const reject = this.reject;
    this.settled();
    reject?.(err);
  }

  private settled(): void {
    this.resolve = this.reject = this.onProvisional = undefined;
  }
}

function reusedKey(m: SipRequest | SipResponse): string | undefined {
  const cseq = getCSeq(m);
  const callId = getCallId(m);
  return cseq && callId ? `${callId}|${cseq.seq}|${cseq.method.toUpperCase()}` : undefined;
}
