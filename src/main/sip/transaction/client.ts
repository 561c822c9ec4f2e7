import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import { getCSeq, getTopVia } from '../message';
import { Transaction, type TransactionContext, type TransactionState } from './base';

export interface ClientTransactionUser {
  /** Provisional and final responses; for INVITE also 2xx retransmissions (RFC 6026 Accepted state). */
  onResponse(res: SipResponse): void;
  /** Timer B (INVITE) or F (non-INVITE) fired without a final response. */
  onTimeout(timer: 'B' | 'F'): void;
  /** The transport could not deliver the request (RFC 3261 §8.1.3.1: treat as 503). */
  onTransportError(err: Error): void;
}

export abstract class ClientTransaction extends Transaction {
  readonly request: SipRequest;
  readonly branch: string;
  readonly cseq: number;
  protected readonly user: ClientTransactionUser;
  /** The layer's match key for this transaction (RFC 3261 §17.1.3), set by the layer that holds it. */
  key: string | undefined;

  protected constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext, user: ClientTransactionUser, initial: TransactionState) {
    super(request, peer, ctx, initial);
    this.request = request;
    const via = getTopVia(request);
    const cseq = getCSeq(request);
    if (!via?.params.branch) throw new Error(`${request.method} has no Via branch; the stack must add one before sending`);
    if (!cseq) throw new Error(`${request.method} has no CSeq`);
    this.branch = via.params.branch;
    this.cseq = cseq.seq;
    this.user = user;
  }

  /** A response matched to this transaction (RFC 3261 §17.1.3). */
  abstract receiveResponse(res: SipResponse): void;

  transportError(err: Error): void {
    if (this.state === 'Terminated') return;
    const failed = this.state === 'Calling' || this.state === 'Trying' || this.state === 'Proceeding';
    this.terminate();
    if (failed) this.user.onTransportError(err);
  }
}
