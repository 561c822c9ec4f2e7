import type { HeaderField, SipAddress, SipRequest, SipResponse } from '../message/types';
import { createResponse, getToTag } from '../message';
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
  /** Our Contact URI (asked only when a response needs it). */
  contact(): string;
  userAgent: string;
  /** Dialog bookkeeping once a response went out. */
  afterResponse(res: SipResponse, ctx: IncomingRequestContext): void;
  addCancelHook(tx: ServerTransaction, fn: () => void): void;
}

export function createIncomingContext(
  req: SipRequest,
  tx: ServerTransaction | undefined,
  source: SipAddress,
  flow: string | undefined,
  dialog: Dialog | undefined,
  host: ContextHost,
): IncomingRequestContext {
  // §8.2.6.2: one To tag for every response to this request (unless it already had one)
  const toTag = getToTag(req) ?? newTag();
  const ctx: IncomingRequestContext = {
    request: req,
    source,
    flow,
    dialog,
    transaction: tx,
    toTag,
    get answered() {
      return tx?.answered ?? false;
    },
    respond(status: number, opts: RespondOptions = {}): SipResponse {
      const headers = [...(opts.headers ?? [])];
      const hasContact = headers.some((h) => h.name.toLowerCase() === 'contact');
      if (opts.contact) headers.push({ name: 'Contact', value: opts.contact.includes('<') ? opts.contact : `<${opts.contact}>` });
      else if (req.method === 'INVITE' && status >= 200 && status < 300 && !hasContact) headers.push({ name: 'Contact', value: `<${host.contact()}>` });
      if (!headers.some((h) => /^(server|user-agent)$/i.test(h.name))) headers.push({ name: 'Server', value: host.userAgent });
      if (opts.body?.length && opts.contentType) headers.push({ name: 'Content-Type', value: opts.contentType });
      const res = createResponse(req, status, opts.reason, { toTag: status > 100 ? toTag : undefined, headers, body: opts.body });
      ctx.reply(res);
      return res;
    },
    reply(res: SipResponse): void {
      if (!tx) throw new Error('an ACK is never answered');
      tx.respond(res);
      host.afterResponse(res, ctx);
    },
    onCancel(fn: () => void): void {
      if (tx && req.method === 'INVITE') host.addCancelHook(tx, fn);
    },
  };
  return ctx;
}
