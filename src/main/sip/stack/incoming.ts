import type { HeaderField, SipAddress, SipRequest, SipResponse } from '../message/types';
import { createResponse, getToTag, headerKey } from '../message';
import type { Dialog } from '../dialog/dialog';
import { newTag } from '../transaction/ids';
import type { ServerTransaction } from '../transaction/server';

export interface RespondOptions {
  reason?: string;
  headers?: HeaderField[];
  body?: Buffer;
  contentType?: string;
  /** Contact for this response; a 2xx to INVITE gets the stack's Contact when left out. */
  contact?: string;
}

/** What a request handler gets with each new incoming request. */
export interface IncomingRequestContext {
  request: SipRequest;
  /** Where it came from (after rport/received): responses and in-dialog requests go back here. */
  source: SipAddress;
  /** Stream transports: the connection it came on (pin it for later requests to this device). */
  flow?: string;
  /** The dialog it belongs to (in-dialog requests), or the one our 2xx to an INVITE created. */
  dialog?: Dialog;
  /** The server transaction; undefined for ACK (never answered). */
  transaction?: ServerTransaction;
  /** The To tag every response of this request carries (out-of-dialog requests). */
  readonly toTag: string;
  /** Whether a final response was sent. */
  readonly answered: boolean;
  /** Answer with a status; returns the response as sent. For ACK this throws: ACKs are never answered. */
  respond(status: number, opts?: RespondOptions): SipResponse;
  /** Send a response built by the caller (its To tag is used as given). */
  reply(res: SipResponse): void;
  /** INVITE only: called when the caller CANCELs before a final response (the stack answers 487 itself). */
  onCancel(fn: () => void): void;
}

export type RequestHandler = (req: SipRequest, ctx: IncomingRequestContext) => void | Promise<void>;

/** What the context needs from the stack. */
export interface ContextHost {
  /** Our Contact URI toward this peer (asked only when a response needs it). */
  contact(peer: SipAddress): string;
  userAgent: string;
  /** Dialog bookkeeping once a response went out. */
  afterResponse(res: SipResponse, ctx: IncomingRequestContext): void;
  addCancelHook(tx: ServerTransaction, fn: () => void): void;
}

/**
 * The context of one incoming request. A class rather than an object literal with a getter and three closures:
 * with the literal, about 15 % of everything the registration path allocated survived young-generation
 * collections (measured with --trace-gc-nvp), each dead context apparently keeping its request's parse tree
 * alive; as a class instance it dies young with the rest.
 */
class IncomingContext implements IncomingRequestContext {
  constructor(
    readonly request: SipRequest,
    readonly transaction: ServerTransaction | undefined,
    readonly source: SipAddress,
    readonly flow: string | undefined,
    public dialog: Dialog | undefined,
    private readonly host: ContextHost,
    // §8.2.6.2: one To tag for every response to this request (unless it already had one)
    readonly toTag: string,
  ) {}

  get answered(): boolean {
    return this.transaction?.answered ?? false;
  }

  respond(status: number, opts: RespondOptions = {}): SipResponse {
    const req = this.request;
    const headers = opts.headers ? [...opts.headers] : [];
    if (opts.contact) headers.push({ name: 'Contact', value: opts.contact.includes('<') ? opts.contact : `<${opts.contact}>` });
    else if (req.method === 'INVITE' && status >= 200 && status < 300 && !headers.some(isContact)) headers.push({ name: 'Contact', value: `<${this.host.contact(this.source)}>` });
    if (!headers.some(isServerOrUserAgent)) headers.push({ name: 'Server', value: this.host.userAgent });
    if (opts.body?.length && opts.contentType) headers.push({ name: 'Content-Type', value: opts.contentType });
    const res = createResponse(req, status, opts.reason, { toTag: status > 100 ? this.toTag : undefined, headers, body: opts.body });
    this.reply(res);
    return res;
  }

  reply(res: SipResponse): void {
    if (!this.transaction) throw new Error('an ACK is never answered');
    this.transaction.respond(res);
    this.host.afterResponse(res, this);
  }

  onCancel(fn: () => void): void {
    if (this.transaction && this.request.method === 'INVITE') this.host.addCancelHook(this.transaction, fn);
  }
}

const isContact = (h: HeaderField) => headerKey(h.name) === 'contact';
const isServerOrUserAgent = (h: HeaderField) => {
  const key = headerKey(h.name);
  return key === 'server' || key === 'user-agent';
};

/**
 * The answer to a request no handler took: 200 to OPTIONS (RFC 3261 §11) and to a BYE inside a dialog (§15.1.2),
 * 501 to anything else; nothing to an ACK or to a request already answered.
 */
export function answerUnhandled(req: SipRequest, ctx: IncomingRequestContext): void {
  if (ctx.answered || req.method === 'ACK') return;
  if (req.method === 'OPTIONS' || (req.method === 'BYE' && ctx.dialog)) ctx.respond(200);
  else ctx.respond(501, { reason: 'Not Implemented' });
}

export function createIncomingContext(
  req: SipRequest,
  tx: ServerTransaction | undefined,
  source: SipAddress,
  flow: string | undefined,
  dialog: Dialog | undefined,
  host: ContextHost,
): IncomingRequestContext {
  return new IncomingContext(req, tx, source, flow, dialog, host, getToTag(req) ?? newTag());
}
