import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import { getCSeq } from '../message';
import { Transaction, type TransactionContext, type TransactionState } from './base';

export interface ServerTransactionUser {
  /** Timer H fired: our non-2xx final response to an INVITE was never acknowledged. */
  onAckTimeout?(): void;
  /** RFC 6026 Timer L fired without an ACK for our 2xx (RFC 3261 §13.3.1.4: the UAS should send BYE). */
  on2xxAckTimeout?(): void;
  /** A response could not be delivered (RFC 3261 §17.2.4). */
  onTransportError?(err: Error): void;
}

export abstract class ServerTransaction extends Transaction {
  readonly cseq: number;
  /** The layer's match key for this transaction (RFC 3261 §17.2.3), set by the layer that holds it. */
  key: string | undefined;
  protected user: ServerTransactionUser = {};
  /** Status of the last response sent. */
  protected lastStatus: number | undefined;

  protected constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext, initial: TransactionState) {
    super(request, peer, ctx, initial);
    this.cseq = getCSeq(request)?.seq ?? 0;
  }

  setUser(user: ServerTransactionUser): void {
    this.user = user;
  }

  /** Whether the TU has sent a final response. */
  get answered(): boolean {
    return this.lastStatus !== undefined && this.lastStatus >= 200;
  }

  /** Pass a response from the TU. Throws if a final response was already sent (a TU bug, not a network event). */
  abstract respond(res: SipResponse): void;

  /** A retransmission of the request (or, for INVITE, an ACK) matched to this transaction (§17.2.3). */
  abstract receiveRequest(req: SipRequest): void;

  transportError(err: Error): void {
    if (this.state === 'Terminated') return;
    this.terminate();
    this.user.onTransportError?.(err);
  }
}
