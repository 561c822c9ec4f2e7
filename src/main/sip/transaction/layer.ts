import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import type { Clock } from '../timers/clock';
import { sharedTimerValues, type TimerBase } from '../timers/timers';
import type { Inbound, TransportLayer } from '../transport/layer';
import { ON_EXISTING_FLOW, peerKey, type SendOptions, type TransportEvent } from '../transport/transport';
import { createResponse, getCallId, getCSeq, getToTag } from '../message';
import type { TransactionContext } from './base';
import type { ClientTransaction, ClientTransactionUser } from './client';
import { CompletedResponses } from './completed-responses';
import { HeldKeys } from './held-keys';
import { newTag } from './ids';
import { InviteClientTransaction } from './invite-client';
import { InviteServerTransaction } from './invite-server';
import { clientKeyOfRequest, clientKeyOfResponse, inviteKeyForCancel, serverKey } from './keys';
import { NonInviteClientTransaction } from './non-invite-client';
import { NonInviteServerTransaction } from './non-invite-server';
import type { ServerTransaction } from './server';

export interface TransactionLayerOptions {
  transport: TransportLayer;
  clock: Clock;
  timers?: Partial<TimerBase>;
}

export interface TransactionLayerHandlers {
  /** A new request with its fresh server transaction (never called for retransmissions). */
  onRequest(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void;
  /** An ACK that no non-2xx INVITE transaction absorbed: the ACK for a 2xx (a dialog matter), or a stray one. */
  onAck?(ack: SipRequest, inbound: Inbound, invite: InviteServerTransaction | undefined): void;
  /** A CANCEL matched a pending INVITE; the layer has answered 200 to it and is about to answer 487 to the INVITE. */
  onCancel?(cancel: SipRequest, invite: InviteServerTransaction, inbound: Inbound): void;
  /** A response no client transaction claims (e.g. a 2xx re-sent after the INVITE transaction ended). */
  onStrayResponse?(res: SipResponse, inbound: Inbound): void;
  /**
   * Asked first about each new request other than INVITE, ACK and CANCEL: a response returned here is sent
   * statelessly (RFC 3261 §8.2.7), with no server transaction; undefined lets the request start one. `key` is
   * the request's server transaction key (keys.ts), which its retransmissions repeat.
   */
  onStatelessRequest?(req: SipRequest, inbound: Inbound, key: string): SipResponse | undefined;
}

/** Retransmissions seen by the layer since it started: how far behind one side of a storm has fallen. */
export interface RetransmissionCounters {
  /** Requests our client transactions sent again because no answer came within T1, 2·T1, ... (Timer A/E). */
  requestsResent: number;
  /** Requests that arrived again for a transaction we already have (absorbed, or answered from Completed). */
  requestRepeatsReceived: number;
}

/** Owns every transaction, matches what arrives to them (RFC 3261 §17.1.3, §17.2.3) and forgets terminated ones. */
export class TransactionLayer {
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  /** Non-INVITE server transactions over UDP in Completed, as their final response's bytes. */
  private readonly completed: CompletedResponses;
  /**
   * Non-INVITE client transactions over UDP in Completed (Timer K, T4 = 5 s), as their CSeq number. A storm's
   * follow-up queries complete by the ten thousand within seconds: as transactions, each with its request and
   * user, they outlived the young generation and were promoted, only to die there.
   */
  private readonly completedClients: HeldKeys<number>;
  /** Client transaction contexts by transport kind and send option (clientContext). */
  private readonly clientContexts: (TransactionContext | undefined)[] = [undefined, undefined, undefined, undefined];
  /** One context per transport kind for every server transaction (unreliable, reliable). */
  private readonly serverContexts: [TransactionContext | undefined, TransactionContext | undefined] = [undefined, undefined];
  private handlers: TransactionLayerHandlers = { onRequest: () => {} };
  private readonly transport: TransportLayer;
  private readonly clock: Clock;
  private readonly timers: Partial<TimerBase> | undefined;
  readonly retransmissions: RetransmissionCounters = { requestsResent: 0, requestRepeatsReceived: 0 };
  private readonly countResent = (): void => {
    this.retransmissions.requestsResent++;
  };

  constructor(opts: TransactionLayerOptions) {
    this.transport = opts.transport;
    this.clock = opts.clock;
    this.timers = opts.timers;
    const udp = sharedTimerValues(opts.timers, false);
    this.completed = new CompletedResponses(this.clock, udp.J);
    this.completedClients = new HeldKeys(this.clock, udp.K);
    this.transport.onMessage((m) => this.receive(m));
    this.transport.onEvent((e) => this.onTransportEvent(e));
  }

  setHandlers(h: TransactionLayerHandlers): void {
    this.handlers = h;
  }

  /** Client transactions not yet terminated, counting those whose Completed state completedClients holds. */
  get clientCount(): number {
    return this.clients.size + this.completedClients.size;
  }

  /** Server transactions not yet terminated, counting those whose Completed state CompletedResponses holds. */
  get serverCount(): number {
    return this.servers.size + this.completed.size;
  }

  /** Stops the Timer J sweep (the transports are closed by their owner). */
  close(): void {
    this.completed.close();
    this.completedClients.close();
  }

  /** Starts a client transaction; the request must already carry its own Via with a fresh branch. */
  sendRequest(req: SipRequest, dest: SipAddress, user: ClientTransactionUser, opts?: SendOptions): ClientTransaction {
    const key = clientKeyOfRequest(req);
    if (!key) throw new Error(`${req.method} needs a Via branch and a CSeq before it can be sent`);
    if (this.clients.has(key)) throw new Error(`a ${req.method} with branch ${key.split('|')[0]} is already in progress`);
    const ctx = this.clientContext(dest, opts);
    const tx = req.method === 'INVITE' ? new InviteClientTransaction(req, dest, ctx, user) : new NonInviteClientTransaction(req, dest, ctx, user);
    tx.key = key;
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  /**
   * What a client transaction to `dest` runs with: this layer's clock, timers and transport, and its re-sends
   * counted here; one context for each kind of transport and send option, shared by every client transaction.
   * Also for a transaction kept outside the layer's own table (a device reusing one Via branch).
   */
  clientContext(dest: SipAddress, opts?: SendOptions): TransactionContext {
    const reliable = this.transport.isReliable(dest);
    const existingFlow = opts?.noNewConnection === true;
    const sendOpts = existingFlow ? ON_EXISTING_FLOW : undefined;
    return (this.clientContexts[(reliable ? 1 : 0) + (existingFlow ? 2 : 0)] ??= {
      clock: this.clock,
      timers: this.timers,
      reliable,
      send: (m, peer) => this.transport.send(m, peer, sendOpts),
      resent: this.countResent,
      ended: (tx) => this.forgetClient(tx as ClientTransaction),
      holdCompletedClient: reliable ? undefined : (tx) => this.holdCompletedClient(tx as ClientTransaction),
    });
  }

  private forgetClient(tx: ClientTransaction): void {
    if (tx.key !== undefined && this.clients.get(tx.key) === tx) this.clients.delete(tx.key);
  }

  private holdCompletedClient(tx: ClientTransaction): boolean {
    if (tx.key === undefined || this.clients.get(tx.key) !== tx) return false;
    this.completedClients.hold(tx.key, tx.cseq);
    return true;
  }

  /** ACK for a 2xx: its own transaction-less request (RFC 3261 §13.2.2.4, §17.1.1.3). */
  sendAck(ack: SipRequest, dest: SipAddress, opts?: SendOptions): Promise<void> {
    return this.transport.send(ack, dest, opts);
  }

  findClient(req: SipRequest): ClientTransaction | undefined {
    const key = clientKeyOfRequest(req);
    return key ? this.clients.get(key) : undefined;
  }

  private serverContext(peer: SipAddress): TransactionContext {
    const reliable = this.transport.isReliable(peer);
    return (this.serverContexts[reliable ? 1 : 0] ??= {
      clock: this.clock,
      timers: this.timers,
      reliable,
      send: (res, to) => this.transport.sendResponse(res as SipResponse | Buffer, to),
      ended: (tx) => this.forgetServer(tx as ServerTransaction),
      holdCompleted: reliable ? undefined : (tx, wire) => this.holdCompleted(tx as ServerTransaction, wire),
    });
  }

  private forgetServer(tx: ServerTransaction): void {
    if (tx.key !== undefined && this.servers.get(tx.key) === tx) this.servers.delete(tx.key);
  }

  private holdCompleted(tx: ServerTransaction, wire: Buffer): void {
    if (tx.key === undefined || this.servers.get(tx.key) !== tx) return;
    this.servers.delete(tx.key);
    this.completed.hold(tx.key, wire);
  }

  private receive(m: Inbound): void {
    if (m.message.kind === 'response') this.receiveResponse(m.message, m);
    else this.receiveRequest(m.message, m);
  }

  private receiveResponse(res: SipResponse, m: Inbound): void {
    const key = clientKeyOfResponse(res);
    const tx = key ? this.clients.get(key) : undefined;
    const seq = getCSeq(res)?.seq;
    if (!tx || seq !== tx.cseq) {
      // §17.1.2.2: a repeat of the final response in Completed is absorbed
      if (key && seq !== undefined && this.completedClients.get(key) === seq) return;
      this.handlers.onStrayResponse?.(res, m);
      return;
    }
    tx.receiveResponse(res);
  }

  private receiveRequest(req: SipRequest, m: Inbound): void {
    const key = serverKey(req, m.source);
    if (!key) return;
    const existing = this.servers.get(key);
    if (req.method === 'ACK') {
      if (existing instanceof InviteServerTransaction && existing.state !== 'Accepted') {
        existing.receiveRequest(req);
        return;
      }
      const invite = existing instanceof InviteServerTransaction ? existing : this.acceptedInviteFor(req);
      invite?.confirm2xx();
      this.handlers.onAck?.(req, m, invite);
      return;
    }
    if (existing) {
      this.retransmissions.requestRepeatsReceived++;
      existing.receiveRequest(req);
      return;
    }
    const answered = this.completed.get(key);
    if (answered) {
      this.retransmissions.requestRepeatsReceived++;
      // §17.2.2: a retransmission in Completed gets the final response again
      this.transport.sendResponse(answered, m.source).catch(() => {});
      return;
    }
    if (req.method !== 'INVITE' && req.method !== 'CANCEL' && this.handlers.onStatelessRequest) {
      const res = this.handlers.onStatelessRequest(req, m, key);
      if (res) {
        this.transport.sendResponse(res, m.source).catch(() => {});
        return;
      }
    }
    const ctx = this.serverContext(m.source);
    const tx: ServerTransaction = req.method === 'INVITE' ? new InviteServerTransaction(req, m.source, ctx) : new NonInviteServerTransaction(req, m.source, ctx);
    tx.key = key;
    this.servers.set(key, tx);
    if (req.method === 'CANCEL') {
      this.receiveCancel(req, tx, m);
      return;
    }
    this.handlers.onRequest(req, tx, m);
  }

  /** RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE if it is still pending; 481 when nothing matches. */
  private receiveCancel(cancel: SipRequest, tx: ServerTransaction, m: Inbound): void {
    const inviteKey = inviteKeyForCancel(cancel, m.source);
    const invite = inviteKey ? this.servers.get(inviteKey) : undefined;
    if (!(invite instanceof InviteServerTransaction)) {
      tx.respond(createResponse(cancel, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    const toTag = getToTag(invite.lastResponse ?? invite.request) ?? newTag();
    tx.respond(createResponse(cancel, 200, 'OK', { toTag }));
    if (invite.state !== 'Proceeding') return;
    this.handlers.onCancel?.(cancel, invite, m);
    if (invite.state === 'Proceeding') invite.respond(createResponse(invite.request, 487, 'Request Terminated', { toTag }));
  }

  /** An INVITE server transaction whose 2xx this ACK (with its own branch) acknowledges. */
  private acceptedInviteFor(ack: SipRequest): InviteServerTransaction | undefined {
    const callId = getCallId(ack);
    const seq = getCSeq(ack)?.seq;
    for (const tx of this.servers.values()) {
      if (tx instanceof InviteServerTransaction && tx.state === 'Accepted' && tx.cseq === seq && getCallId(tx.request) === callId) return tx;
    }
    return undefined;
  }

  /** A closed stream fails every client transaction waiting on it (RFC 3261 §17.1.4) instead of letting it hang. */
  private onTransportEvent(e: TransportEvent): void {
    if (e.type !== 'connection-closed') return;
    // a peer that reconnected from the same address already has a new flow carrying its transactions
    if (this.transport.flowFor(e.peer)) return;
    const key = peerKey(e.peer.address, e.peer.port);
    for (const tx of [...this.clients.values()]) {
      if (tx.peer.transport === e.transport && peerKey(tx.peer.address, tx.peer.port) === key) {
        tx.transportError(new Error(`${e.text} before ${tx.method} was answered`));
      }
    }
  }
}
