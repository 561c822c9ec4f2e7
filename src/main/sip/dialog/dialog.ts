import type { HeaderField, SipAddress, SipRequest, SipResponse } from '../message/types';
import { createRequest, formatUri, getCallId, getContacts, getCSeq, getFromTag, getHeader, getHeaders, getToTag, parseNameAddr } from '../message';
import { keptCopy } from '../message/kept';

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export type DialogRole = 'uac' | 'uas';
export type DialogState = 'confirmed' | 'terminated';

export interface InDialogRequestOptions {
  body?: Buffer;
  contentType?: string;
  headers?: HeaderField[];
}

export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

/**
 * An RFC 3261 §12 dialog. Local and remote party headers are kept exactly as they were on the wire (with
 * their tags), so every in-dialog request carries the same From and To; the tags never change.
 */
export class Dialog {
  readonly id: DialogId;
  readonly role: DialogRole;
  /** Our From (UAC) / To (UAS) header value, tag included. */
  readonly localParty: string;
  /** The peer's party header value, tag included. */
  readonly remoteParty: string;
  /** CSeq number of the INVITE that created the dialog (the 2xx ACK reuses it, §13.2.2.4). */
  inviteSeq: number;
  /** Remote target: the peer's Contact URI (§12.1). */
  remoteTarget: string;
  /** Route set from Record-Route (§12.1.1, §12.1.2). */
  readonly routeSet: string[];
  /**
   * Where in-dialog requests go: the address the peer's messages came from. GB devices often put an
   * unreachable host in Contact (docs/protocol.md §13); ACK and BYE go back to the source over the same transport.
   */
  peer: SipAddress;
  /** Our Contact, added to target-refresh requests (re-INVITE). */
  localContact: string | undefined;
  private localSeq: number;
  private remoteSeq: number | undefined;
  private _state: DialogState = 'confirmed';

  private constructor(init: {
    id: DialogId;
    role: DialogRole;
    localParty: string;
    remoteParty: string;
    localSeq: number;
    remoteSeq: number | undefined;
    inviteSeq: number;
    remoteTarget: string;
    routeSet: string[];
    peer: SipAddress;
    localContact?: string;
  }) {
    // Kept for the dialog's life: copies, not views into the messages that made it (message/kept.ts).
    this.id = { callId: keptCopy(init.id.callId), localTag: keptCopy(init.id.localTag), remoteTag: keptCopy(init.id.remoteTag) };
    this.role = init.role;
    this.localParty = keptCopy(init.localParty);
    this.remoteParty = keptCopy(init.remoteParty);
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.inviteSeq = init.inviteSeq;
    this.remoteTarget = keptCopy(init.remoteTarget);
    this.routeSet = init.routeSet.map(keptCopy);
    this.peer = init.peer;
    this.localContact = init.localContact === undefined ? undefined : keptCopy(init.localContact);
  }

  /** §12.1.2: the dialog a 2xx to our INVITE creates. `peer` is where the 2xx came from. */
  static fromUac(invite: SipRequest, response: SipResponse, peer: SipAddress): Dialog {
    const callId = getCallId(invite);
    const localTag = getFromTag(invite);
    const remoteTag = getToTag(response);
    const cseq = getCSeq(invite);
    if (!callId || !localTag || !cseq) throw new Error('our INVITE lacks Call-ID, From tag or CSeq');
    if (!remoteTag) throw new Error(`the ${response.status} to our INVITE has no To tag; no dialog can be formed`);
    return new Dialog({
      id: { callId, localTag, remoteTag },
      role: 'uac',
      localParty: getHeader(invite, 'From') ?? '',
      remoteParty: getHeader(response, 'To') ?? '',
      localSeq: cseq.seq,
      remoteSeq: undefined,
      inviteSeq: cseq.seq,
      remoteTarget: contactUri(response) ?? invite.uri,
      routeSet: getHeaders(response, 'Record-Route').reverse(),
      peer,
      localContact: getHeader(invite, 'Contact'),
    });
  }

  /** §12.1.1: the dialog our 2xx to an incoming INVITE creates. `peer` is where the INVITE came from. */
  static fromUas(invite: SipRequest, response: SipResponse, peer: SipAddress): Dialog {
    const callId = getCallId(invite);
    const remoteTag = getFromTag(invite) ?? '';
    const localTag = getToTag(response);
    const cseq = getCSeq(invite);
    if (!callId || !cseq) throw new Error('the INVITE lacks Call-ID or CSeq');
    if (!localTag) throw new Error('our 2xx has no To tag; no dialog can be formed');
    return new Dialog({
      id: { callId, localTag, remoteTag },
      role: 'uas',
      localParty: getHeader(response, 'To') ?? '',
      remoteParty: getHeader(invite, 'From') ?? '',
      localSeq: 0,
      remoteSeq: cseq.seq,
      inviteSeq: cseq.seq,
      remoteTarget: contactUri(invite) ?? fromUri(invite),
      routeSet: getHeaders(invite, 'Record-Route'),
      peer,
      localContact: getHeader(response, 'Contact'),
    });
  }

  get key(): string {
    return dialogKey(this.id);
  }

  get state(): DialogState {
    return this._state;
  }

  /** The CSeq number the next in-dialog request will carry. */
  get nextSeq(): number {
    return this.localSeq + 1;
  }

  get lastRemoteSeq(): number | undefined {
    return this.remoteSeq;
  }

  terminate(): void {
    this._state = 'terminated';
  }

  /**
   * §12.2.1.1: an in-dialog request (BYE, INFO, re-INVITE, MESSAGE, ...) with our tags, the next local CSeq
   * and the route set. No Via: the stack adds one with a fresh branch when it sends. ACK has its own builder.
   */
  createRequest(method: string, opts: InDialogRequestOptions = {}): SipRequest {
    const m = method.toUpperCase();
    if (m === 'ACK') return this.createAck(opts);
    if (m === 'CANCEL') throw new Error('CANCEL is built from the INVITE it cancels (buildCancel), not from the dialog');
    if (this._state === 'terminated') throw new Error(`dialog ${this.id.callId} has ended; cannot send ${m}`);
    this.localSeq += 1;
    const req = this.build(m, this.localSeq, opts);
    if (m === 'INVITE') this.inviteSeq = this.localSeq;
    return req;
  }

  /** §13.2.2.4: the ACK for a 2xx, with the INVITE's CSeq number and method ACK; the TU sends it itself. */
  createAck(opts: InDialogRequestOptions = {}): SipRequest {
    return this.build('ACK', this.inviteSeq, opts);
  }

  /**
   * §12.2.2: check and record an incoming in-dialog request. A CSeq lower than the last one is out of order
   * (500). ACK and CANCEL reuse their INVITE's number and are not counted. Target-refresh requests update
   * the remote target from Contact.
   */
  receiveRequest(req: SipRequest): { status: number; reason: string } | null {
    const cseq = getCSeq(req);
    if (!cseq) return { status: 400, reason: 'missing CSeq' };
    if (req.method !== 'ACK' && req.method !== 'CANCEL') {
      if (this.remoteSeq !== undefined && cseq.seq < this.remoteSeq) {
        return { status: 500, reason: `CSeq ${cseq.seq} is lower than ${this.remoteSeq} already seen in this dialog` };
      }
      this.remoteSeq = cseq.seq;
    }
    if (req.method === 'INVITE' || req.method === 'UPDATE') {
      const target = contactUri(req);
      if (target) this.remoteTarget = keptCopy(target);
    }
    return null;
  }

  /** A 2xx to our re-INVITE refreshes the remote target (§12.2.1.2). */
  receiveTargetRefresh(res: SipResponse): void {
    const target = contactUri(res);
    if (target) this.remoteTarget = keptCopy(target);
  }

  private build(method: string, seq: number, opts: InDialogRequestOptions): SipRequest {
    const { requestUri, routes } = this.routing();
    const headers: HeaderField[] = [
      { name: 'From', value: this.localParty },
      { name: 'To', value: this.remoteParty },
      { name: 'Call-ID', value: this.id.callId },
      { name: 'CSeq', value: `${seq} ${method}` },
      { name: 'Max-Forwards', value: '70' },
    ];
    for (const r of routes) headers.push({ name: 'Route', value: r });
    if (this.localContact && (method === 'INVITE' || method === 'UPDATE' || method === 'SUBSCRIBE' || method === 'NOTIFY')) {
      headers.push({ name: 'Contact', value: this.localContact });
    }
    if (opts.contentType && opts.body?.length) headers.push({ name: 'Content-Type', value: opts.contentType });
    headers.push(...(opts.headers ?? []));
    return createRequest({ method, uri: requestUri, headers, body: opts.body });
  }

  /** §12.2.1.1: loose routing keeps the remote target as Request-URI; a strict first route replaces it. */
  private routing(): { requestUri: string; routes: string[] } {
    if (!this.routeSet.length) return { requestUri: this.remoteTarget, routes: [] };
    const first = parseNameAddr(this.routeSet[0]);
    if (!first || 'lr' in first.uri.params) return { requestUri: this.remoteTarget, routes: [...this.routeSet] };
    return { requestUri: formatUri({ ...first.uri, headers: {} }), routes: [...this.routeSet.slice(1), `<${this.remoteTarget}>`] };
  }
}

function contactUri(m: SipRequest | SipResponse): string | undefined {
  const c = getContacts(m)[0];
  return c ? formatUri(c.uri) : undefined;
}

function fromUri(req: SipRequest): string {
  const na = parseNameAddr(getHeader(req, 'From') ?? '');
  return na ? formatUri(na.uri) : req.uri;
}
