import { USER_AGENT } from '../../../shared/product';
import { Listeners } from '../../../shared/listeners';
import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import { createResponse, formatVia, getCSeq, getHeader, getToTag, prependHeader, removeHeader, setHeader } from '../message';
import { Dialog, type InDialogRequestOptions } from '../dialog/dialog';
import { DialogTable } from '../dialog/table';
import { TapHub, type SignallingTap } from '../tap/tap';
import { systemClock, type Clock } from '../timers/clock';
import { timerValues, type TimerBase } from '../timers/timers';
import { buildCancel } from '../transaction/cancel';
import type { ClientTransaction } from '../transaction/client';
import { newBranch } from '../transaction/ids';
import { InviteClientTransaction } from '../transaction/invite-client';
import type { InviteServerTransaction } from '../transaction/invite-server';
import { TransactionLayer } from '../transaction/layer';
import type { ServerTransaction } from '../transaction/server';
import { TransportLayer, type Inbound, type TransportStats } from '../transport/layer';
import { describeAddress, ON_EXISTING_FLOW, type SendOptions, type Transport, type TransportEvent } from '../transport/transport';
import type { FlowInfo } from '../transport/tcp';
import { buildOutOfDialog, type OutOfDialogRequestSpec } from './build';
import { SipTransactionError } from './errors';
import { noAnswerText, noToTagText, sendFailedText } from './texts';
import { answerUnhandled, createIncomingContext, type ContextHost, type IncomingRequestContext, type RequestHandler } from './incoming';
import { firstLanAddress, isUnspecified, RouteCache, stripV4Mapped } from './local-address';
import { statelessTag, type StatelessHandler } from './stateless';

export const DEFAULT_USER_AGENT = USER_AGENT;

export interface SipStackOptions {
  transports: Transport[];
  clock?: Clock;
  /** T1/T2/T4 overrides (tests); A..M derive from them. */
  timers?: Partial<TimerBase>;
  /** User-Agent on our requests and Server on our responses. */
  userAgent?: string;
  /**
   * Sent-by for our Via: the address peers can reach us at. Default: per destination, the transport's address,
   * or when bound to 0.0.0.0 the local address of the TCP connection or the one the OS routes to the peer from.
   */
  via?: { host?: string; port?: number };
  /** A fixed Contact URI. Default, per destination: sip:[<contactUser>@]<local address>:<port>[;transport=tcp]. */
  contact?: string;
  /** User part of the per-destination Contact (the platform's SIP ID). */
  contactUser?: string;
  tap?: SignallingTap;
  /** Send CANCEL when an INVITE has no final answer after this long (default 32 s; 0 = never). */
  inviteTimeoutMs?: number;
}

export interface RequestOptions extends SendOptions {
  onProvisional?(res: SipResponse): void;
}

export interface InviteOptions extends RequestOptions {
  /** ACK a 2xx at once (default). false: call `ack(dialog)` yourself (e.g. to put an SDP answer in it). */
  autoAck?: boolean;
  /** Overrides the stack's inviteTimeoutMs for this INVITE. */
  timeoutMs?: number;
}

export interface InviteResult {
  response: SipResponse;
  /** Present for a 2xx. */
  dialog?: Dialog;
}

/** Something about signalling an installer or a later layer may want to know. */
export type StackEvent =
  | TransportEvent
  | { type: 'ack-missing'; dialog: Dialog; text: string }
  | { type: 'handler-error'; text: string };

/**
 * ACK and CANCEL follow their INVITE over the connection it used; they never open one (a device behind NAT
 * cannot be reached on a new connection, and a CANCEL or ACK on another flow reaches no transaction).
 */

/** Methods whose request with a To tag outside a known dialog gets 481 (§12.2.2). */
const DIALOG_ONLY = new Set(['BYE', 'INFO', 'UPDATE', 'PRACK', 'INVITE']);

/**
 * The SIP stack facade, for both roles (the platform and a simulated device): out-of-dialog request
 * building, client transactions as promises, incoming requests with their server transactions, dialogs.
 */
export class SipStack {
  readonly clock: Clock;
  readonly transport: TransportLayer;
  readonly transactions: TransactionLayer;
  readonly dialogs = new DialogTable();
  readonly tap = new TapHub();
  readonly userAgent: string;
  private readonly viaOpt: { host?: string; port?: number };
  private readonly contactOpt: string | undefined;
  private readonly contactUser: string | undefined;
  /** The local address that routes to each peer IP, for Via and Contact when bound to every interface. */
  private readonly routes: RouteCache;
  /** Requests built by createRequest with the stack's Contact, which is set per destination when sent. */
  private readonly defaultContact = new WeakSet<SipRequest>();
  /** INVITEs waiting for their route lookup, and whether a CANCEL was asked for meanwhile. */
  private readonly starting = new Map<SipRequest, { cancel: boolean }>();
  private readonly inviteTimeoutMs: number;
  private readonly t1: number;
  private cseq = Math.floor(Math.random() * 1000) + 1;
  private handler: RequestHandler | undefined;
  private statelessHandler: StatelessHandler | undefined;
  // observers never break the stack
  private readonly eventHandlers = new Listeners<[StackEvent]>(() => {});
  /** The ACK we sent per dialog, re-sent when the 2xx is retransmitted. */
  private readonly acks = new Map<string, SipRequest>();
  private readonly pendingCancels = new Set<InviteClientTransaction>();
  private readonly cancelHooks = new Map<ServerTransaction, Array<() => void>>();
  /** What every incoming request's context needs from the stack (one object, not one per request). */
  private readonly contextHost: ContextHost;

  constructor(opts: SipStackOptions) {
    this.clock = opts.clock ?? systemClock;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.viaOpt = opts.via ?? {};
    this.contactOpt = opts.contact;
    this.contactUser = opts.contactUser;
    this.routes = new RouteCache({ now: () => this.clock.now() });
    this.t1 = timerValues(opts.timers).t1;
    this.inviteTimeoutMs = opts.inviteTimeoutMs ?? 64 * this.t1;
    this.transport = new TransportLayer(opts.transports);
    this.transport.setTap(this.tap, () => this.clock.now());
    if (opts.tap) this.tap.add(opts.tap);
    this.transactions = new TransactionLayer({ transport: this.transport, clock: this.clock, timers: opts.timers });
    this.transactions.setHandlers({
      onRequest: (req, tx, m) => this.incoming(req, tx, m),
      onAck: (ack, m, invite) => this.incomingAck(ack, m, invite),
      onCancel: (_c, invite) => this.cancelled(invite),
      onStrayResponse: (res) => this.strayResponse(res),
      onStatelessRequest: (req, m, key) => this.stateless(req, m, key),
    });
    this.transport.onEvent((e) => this.emit(e));
    this.contextHost = {
      contact: (peer) => this.contactFor(peer),
      userAgent: this.userAgent,
      afterResponse: (res, ctx) => this.afterResponse(ctx.request, res, ctx),
      addCancelHook: (t, fn) => {
        const list = this.cancelHooks.get(t) ?? [];
        list.push(fn);
        this.cancelHooks.set(t, list);
        t.onTerminated(() => this.cancelHooks.delete(t));
      },
    };
  }

  // ---- identity -------------------------------------------------------------------------------------------

  /** The host and port we put in Via sent-by when the destination is not known (see localAddressFor). */
  sentBy(transport: SipAddress['transport'] = 'UDP'): { host: string; port: number } {
    const t = this.transport.transportFor({ transport, address: '', port: 0 });
    const host = this.viaOpt.host ?? (isUnspecified(t.local.address) ? firstLanAddress() : t.local.address);
    return { host, port: this.viaOpt.port ?? t.local.port };
  }

  /**
   * The local address this peer is told in our Via and Contact: the configured Via host; else the address its
   * TCP connection reached us on; else the address our socket is bound to; else (bound to every interface) the
   * address the OS routes to the peer from. Until that route is known, the first LAN address.
   */
  localAddressFor(remote: SipAddress): string {
    return this.knownLocalAddress(remote) ?? this.routes.get(remote.address) ?? firstLanAddress();
  }

  /** Like localAddressFor, after looking the route up when it is not known yet. */
  async resolveLocalAddress(remote: SipAddress): Promise<string> {
    return this.knownLocalAddress(remote) ?? this.routes.get(remote.address) ?? (await this.routes.resolve(remote.address)) ?? firstLanAddress();
  }

  /** Our Contact URI toward this peer (RFC 3261 §8.1.1.8: where it can reach us; ;transport=tcp over TCP). */
  contactFor(remote: SipAddress): string {
    if (this.contactOpt) return this.contactOpt;
    const host = this.localAddressFor(remote);
    const t = this.transport.transportFor(remote);
    const port = this.viaOpt.port ?? t.local.port;
    const user = this.contactUser ? `${this.contactUser}@` : '';
    return `sip:${user}${host.includes(':') ? `[${host}]` : host}:${port}${remote.transport === 'TCP' ? ';transport=tcp' : ''}`;
  }

  /** A Contact without a destination (the first transport, the first LAN address when bound to every interface). */
  get contact(): string {
    if (this.contactOpt) return this.contactOpt;
    const { host, port } = this.sentBy(this.transport.all[0].name);
    const user = this.contactUser ? `${this.contactUser}@` : '';
    return `sip:${user}${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  private knownLocalAddress(remote: SipAddress): string | undefined {
    if (this.viaOpt.host) return this.viaOpt.host;
    if (remote.transport === 'TCP') {
      const flow = this.transport.flowFor(remote);
      if (flow && !isUnspecified(flow.local.address)) return stripV4Mapped(flow.local.address);
    }
    const bound = this.transport.transportFor(remote).local.address;
    return isUnspecified(bound) ? undefined : bound;
  }

  /** True when sending to this peer has to wait for a route lookup first. */
  private needsRoute(remote: SipAddress): boolean {
    return this.knownLocalAddress(remote) === undefined && this.routes.get(remote.address) === undefined;
  }

  get stats(): TransportStats {
    return this.transport.stats;
  }

  /** The next out-of-dialog CSeq number (one counter for the whole stack). */
  nextCSeq(): number {
    this.cseq = this.cseq >= 2 ** 31 - 1 ? 1 : this.cseq + 1;
    return this.cseq;
  }

  /** The open TCP connection with this peer, if any (GB/T 28181-2022: the flow a device registered on). */
  flowFor(peer: SipAddress): FlowInfo | undefined {
    return this.transport.flowFor(peer);
  }

  // ---- client side ----------------------------------------------------------------------------------------

  /** A new out-of-dialog request (fresh tags, Call-ID and CSeq unless given; never a To tag). */
  createRequest(spec: OutOfDialogRequestSpec): SipRequest {
    const { host } = this.sentBy(this.transport.all[0].name);
    const req = buildOutOfDialog(spec, {
      userAgent: this.userAgent,
      contact: this.contact,
      callIdHost: host,
      nextCSeq: () => this.nextCSeq(),
    });
    if (spec.contact === undefined && !this.contactOpt) this.defaultContact.add(req);
    return req;
  }

  /** Give a request a new CSeq from the stack counter, e.g. for the authenticated retry of a REGISTER. */
  renewCSeq(req: SipRequest): SipRequest {
    setHeader(req, 'CSeq', `${this.nextCSeq()} ${req.method}`);
    return req;
  }

  /**
   * Send a non-INVITE request in its own client transaction. Resolves with the final response (any status);
   * rejects with SipTransactionError on Timer F or a transport failure.
   */
  request(req: SipRequest, dest: SipAddress, opts: RequestOptions = {}): Promise<SipResponse> {
    if (req.method === 'INVITE') return this.invite(req, dest, opts).then((r) => r.response);
    if (req.method === 'ACK') return Promise.reject(new Error('ACK is not sent with request(): use ack(dialog)'));
    return new Promise((resolve, reject) => {
      this.whenRouted(req, dest, () =>
        this.startClient(req, dest, opts, {
          onResponse: (res) => {
            if (res.status < 200) opts.onProvisional?.(res);
            else resolve(res);
          },
          reject,
        }),
      );
    });
  }

  /**
   * Send an INVITE. A 2xx forms a dialog and is ACKed (unless autoAck is false); a non-2xx final resolves
   * without a dialog (the transaction ACKs it). Rejects on Timer B or a transport failure.
   */
  invite(req: SipRequest, dest: SipAddress, opts: InviteOptions = {}, existing?: Dialog): Promise<InviteResult> {
    if (req.method !== 'INVITE') return Promise.reject(new Error(`invite() needs an INVITE, got ${req.method}`));
    const autoAck = opts.autoAck ?? true;
    return new Promise((resolve, reject) => {
      let settled = false;
      let dialog: Dialog | undefined = existing;
      let timer: ReturnType<Clock['setTimeout']> | undefined;
      const finish = () => {
        settled = true;
        if (timer !== undefined) this.clock.clearTimeout(timer);
      };
      let tx: InviteClientTransaction | undefined;
      const start = () => (tx = this.startClient(req, dest, opts, {
        onResponse: (res) => {
          if (res.status < 200) {
            if (this.pendingCancels.delete(tx!)) this.sendCancel(tx!);
            if (!settled) opts.onProvisional?.(res);
            return;
          }
          if (res.status >= 300) {
            finish();
            resolve({ response: res });
            return;
          }
          if (!getToTag(res)) {
            // RFC 3261 §12.1.2: no dialog (and no ACK) without the remote tag; the call cannot go on
            tx!.abandon();
            if (settled) return;
            finish();
            const said = noToTagText(describeAddress(dest), res.status);
            reject(new SipTransactionError('bad-answer', said.text, req, dest, undefined, said));
            return;
          }
          const d = this.on2xx(req, res, dest, dialog, autoAck);
          if (!settled) {
            dialog = d;
            finish();
            resolve({ response: res, dialog: d });
          }
        },
        reject: (err) => {
          finish();
          reject(err);
        },
      }) as InviteClientTransaction);
      const limit = opts.timeoutMs ?? this.inviteTimeoutMs;
      if (limit > 0) timer = this.clock.setTimeout(() => this.cancel(req), limit);
      this.whenRouted(req, dest, start);
    });
  }

  /**
   * CANCEL a pending INVITE (§9.1). Sent at once when a provisional response arrived, else as soon as one does.
   * Returns false when there is nothing left to cancel.
   */
  cancel(invite: SipRequest): boolean {
    const starting = this.starting.get(invite);
    if (starting) {
      starting.cancel = true;
      return true;
    }
    const tx = this.transactions.findClient(invite);
    if (!(tx instanceof InviteClientTransaction)) return false;
    if (tx.state === 'Proceeding') {
      this.sendCancel(tx);
      return true;
    }
    if (tx.state === 'Calling') {
      this.pendingCancels.add(tx);
      tx.onTerminated(() => this.pendingCancels.delete(tx));
      return true;
    }
    return false;
  }

  /** ACK a 2xx yourself (after `invite(..., {autoAck: false})`), optionally with a body (SDP answer). */
  ack(dialog: Dialog, opts: InDialogRequestOptions = {}): Promise<void> {
    const ack = dialog.createAck(opts);
    this.addVia(ack, dialog.peer);
    this.acks.set(dialog.key, ack);
    return this.transactions.sendAck(ack, dialog.peer, ON_EXISTING_FLOW);
  }

  /** Send a request inside a dialog (BYE, INFO, MESSAGE, re-INVITE, ...) to the dialog's peer. */
  async sendInDialog(dialog: Dialog, method: string, opts: InDialogRequestOptions & RequestOptions = {}): Promise<SipResponse> {
    const m = method.toUpperCase();
    const req = dialog.createRequest(m, opts);
    if (m === 'INVITE') return (await this.invite(req, dialog.peer, opts, dialog)).response;
    if (m === 'BYE') {
      // §15.1.1: the session ends when BYE is sent; the dialog goes when BYE is answered (or fails)
      dialog.terminate();
      try {
        return await this.request(req, dialog.peer, opts);
      } finally {
        this.forget(dialog);
      }
    }
    return this.request(req, dialog.peer, opts);
  }

  bye(dialog: Dialog, opts: RequestOptions = {}): Promise<SipResponse> {
    return this.sendInDialog(dialog, 'BYE', opts);
  }

  // ---- server side ----------------------------------------------------------------------------------------

  /** The handler for new incoming requests (retransmissions are absorbed below it). One handler per stack. */
  onRequest(handler: RequestHandler): void {
    this.handler = handler;
  }

  /**
   * A handler asked first about each new out-of-dialog request other than INVITE, ACK and CANCEL; what it answers
   * is sent without a server transaction (RFC 3261 §8.2.7), e.g. the digest challenge to a first REGISTER, so a
   * registration storm leaves no state behind for requests that are only refused or challenged.
   */
  onStatelessRequest(handler: StatelessHandler): void {
    this.statelessHandler = handler;
  }

  onEvent(handler: (e: StackEvent) => void): () => void {
    return this.eventHandlers.add(handler);
  }

  async close(): Promise<void> {
    this.transactions.close();
    await this.transport.close();
  }

  // ---- internals ------------------------------------------------------------------------------------------

  /**
   * Starts a client transaction at once when the local address toward `dest` is known, else once the route is
   * looked up (Via and Contact must name an address the peer can reach). A CANCEL asked for meanwhile follows.
   */
  private whenRouted(req: SipRequest, dest: SipAddress, start: () => void): void {
    if (!this.needsRoute(dest)) return start();
    const pending = { cancel: false };
    this.starting.set(req, pending);
    void this.routes.resolve(dest.address).then(() => {
      this.starting.delete(req);
      try {
        start();
      } catch {
        return; // startClient has rejected the caller's promise
      }
      if (pending.cancel) this.cancel(req);
    });
  }

  private addVia(req: SipRequest, dest: SipAddress): void {
    const host = this.localAddressFor(dest);
    const port = this.viaOpt.port ?? this.transport.transportFor(dest).local.port;
    removeHeader(req, 'Via');
    prependHeader(req, 'Via', formatVia({ protocol: 'SIP/2.0', transport: dest.transport, host, port, params: { rport: null, branch: newBranch() } }));
    if (getHeader(req, 'User-Agent') === undefined) setHeader(req, 'User-Agent', this.userAgent);
    if (getHeader(req, 'Max-Forwards') === undefined) setHeader(req, 'Max-Forwards', '70');
  }

  private startClient(
    req: SipRequest,
    dest: SipAddress,
    opts: SendOptions,
    cb: { onResponse(res: SipResponse): void; reject(err: Error): void },
  ): ClientTransaction {
    this.addVia(req, dest);
    if (this.defaultContact.has(req)) setHeader(req, 'Contact', `<${this.contactFor(dest)}>`);
    try {
      return this.transactions.sendRequest(req, dest, {
        onResponse: (res) => cb.onResponse(res),
        onTimeout: (timer) => {
          const said = noAnswerText(timer, describeAddress(dest), req.method, Math.round((64 * this.t1) / 1000));
          cb.reject(new SipTransactionError('timeout', said.text, req, dest, timer, said));
        },
        onTransportError: (err) => {
          const said = sendFailedText(req.method, describeAddress(dest), err);
          cb.reject(new SipTransactionError('transport', said.text, req, dest, undefined, said));
        },
      }, { noNewConnection: opts.noNewConnection });
    } catch (err) {
      cb.reject(err as Error);
      throw err;
    }
  }

  private sendCancel(tx: InviteClientTransaction): void {
    const cancel = buildCancel(tx.request, [{ name: 'User-Agent', value: this.userAgent }]);
    tx.expireAfterCancel();
    this.transactions.sendRequest(cancel, tx.peer, { onResponse: () => {}, onTimeout: () => {}, onTransportError: () => {} }, ON_EXISTING_FLOW);
  }

  /** A 2xx to an INVITE (first or retransmitted): form or find the dialog, ACK it (§13.2.2.4). */
  private on2xx(invite: SipRequest, res: SipResponse, dest: SipAddress, existing: Dialog | undefined, autoAck: boolean): Dialog {
    let dialog = existing ?? this.dialogs.forResponse(res);
    if (!dialog) dialog = this.dialogs.add(Dialog.fromUac(invite, res, dest));
    else if (existing) existing.receiveTargetRefresh(res);
    const sent = this.acks.get(dialog.key);
    if (sent && getCSeq(sent)?.seq === getCSeq(res)?.seq) {
      // a retransmitted 2xx: our ACK was lost
      this.transactions.sendAck(sent, dialog.peer, ON_EXISTING_FLOW).catch(() => {});
    } else if (autoAck) {
      this.ack(dialog).catch(() => {});
    }
    return dialog;
  }

  private strayResponse(res: SipResponse): void {
    if (res.status < 200 || res.status >= 300 || getCSeq(res)?.method !== 'INVITE') return;
    const dialog = this.dialogs.forResponse(res);
    const sent = dialog && this.acks.get(dialog.key);
    if (dialog && sent) this.transactions.sendAck(sent, dialog.peer, ON_EXISTING_FLOW).catch(() => {});
  }

  private forget(dialog: Dialog): void {
    dialog.terminate();
    this.dialogs.remove(dialog);
    this.acks.delete(dialog.key);
  }

  private incoming(req: SipRequest, tx: ServerTransaction, m: Inbound): void {
    // the Contact of our 2xx names the address that routes to the caller: have it ready when the TU answers
    if (req.method === 'INVITE' && this.needsRoute(m.source)) void this.routes.resolve(m.source.address);
    const toTag = getToTag(req);
    const dialog = toTag ? this.dialogs.forRequest(req) : undefined;
    const ctx = this.context(req, tx, m, dialog);
    if (toTag && !dialog && DIALOG_ONLY.has(req.method)) {
      ctx.respond(481, { reason: 'Call/Transaction Does Not Exist' });
      return;
    }
    if (dialog) {
      const fault = dialog.receiveRequest(req);
      if (fault) {
        ctx.respond(fault.status, { reason: fault.reason });
        return;
      }
    }
    this.dispatch(req, ctx);
  }

  private stateless(req: SipRequest, m: Inbound, key: string): SipResponse | undefined {
    const handler = this.statelessHandler;
    if (!handler || getToTag(req)) return undefined;
    let answer;
    try {
      answer = handler(req, m.source, m.flow);
    } catch (err) {
      this.emit({ type: 'handler-error', text: `handling ${req.method} from ${describeAddress(m.source)} failed: ${(err as Error).message}` });
      answer = { status: 500, reason: 'Server Internal Error' };
    }
    if (!answer) return undefined;
    const headers = [...(answer.headers ?? []), { name: 'Server', value: this.userAgent }];
    return createResponse(req, answer.status, answer.reason, { toTag: statelessTag(key), headers });
  }

  private incomingAck(ack: SipRequest, m: Inbound, invite: InviteServerTransaction | undefined): void {
    const dialog = this.dialogs.forRequest(ack);
    if (dialog) dialog.receiveRequest(ack);
    if (!dialog && !invite) return; // a stray ACK: nothing to tell anyone
    this.dispatch(ack, this.context(ack, undefined, m, dialog));
  }

  private cancelled(invite: InviteServerTransaction): void {
    const fns = this.cancelHooks.get(invite);
    this.cancelHooks.delete(invite);
    for (const fn of fns ?? []) {
      try {
        fn();
      } catch (err) {
        this.emit({ type: 'handler-error', text: `CANCEL handler failed: ${(err as Error).message}` });
      }
    }
  }

  private dispatch(req: SipRequest, ctx: IncomingRequestContext): void {
    const handler = this.handler;
    if (!handler) return answerUnhandled(req, ctx);
    try {
      const r = handler(req, ctx);
      if (r && typeof (r as Promise<void>).then === 'function') (r as Promise<void>).catch((err: unknown) => this.handlerFailed(req, ctx, err));
    } catch (err) {
      this.handlerFailed(req, ctx, err);
    }
  }

  private handlerFailed(req: SipRequest, ctx: IncomingRequestContext, err: unknown): void {
    const text = `handling ${req.method} from ${describeAddress(ctx.source)} failed: ${err instanceof Error ? err.message : String(err)}`;
    this.emit({ type: 'handler-error', text });
    if (!ctx.answered && req.method !== 'ACK') {
      try {
        ctx.respond(500, { reason: 'Server Internal Error' });
      } catch {
        // already answered in the meantime
      }
    }
  }

  private context(req: SipRequest, tx: ServerTransaction | undefined, m: Inbound, dialog: Dialog | undefined): IncomingRequestContext {
    return createIncomingContext(req, tx, m.source, m.flow, dialog, this.contextHost);
  }

  /** Dialog bookkeeping after we answered: a 2xx to INVITE forms a dialog, a 2xx to BYE ends one. */
  private afterResponse(req: SipRequest, res: SipResponse, ctx: IncomingRequestContext): void {
    if (res.status < 200 || res.status >= 300) return;
    if (req.method === 'INVITE' && !ctx.dialog) {
      const dialog = this.dialogs.add(Dialog.fromUas(req, res, ctx.source));
      ctx.dialog = dialog;
      const tx = ctx.transaction as InviteServerTransaction;
      tx.setUser({
        on2xxAckTimeout: () => {
          // RFC 3261 §13.3.1.4: no ACK for our 2xx: end the dialog with BYE
          this.emit({ type: 'ack-missing', dialog, text: `no ACK from ${describeAddress(dialog.peer)} for our ${res.status} to INVITE; sending BYE` });
          if (dialog.state !== 'terminated') this.bye(dialog).catch(() => {});
        },
      });
    } else if (req.method === 'BYE' && ctx.dialog) {
      this.forget(ctx.dialog);
    }
  }

  private emit(e: StackEvent): void {
    this.eventHandlers.emit(e);
  }
}
