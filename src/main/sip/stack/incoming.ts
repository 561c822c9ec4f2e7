import type { HeaderField, SipAddress, SipRequest, SipResponse } from '../message/types';
import type { Dialog } from '../dialog/dialog';
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
