import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import type { TransactionContext } from './base';
import { ServerTransaction } from './server';

/**
 * RFC 3261 §17.2.2 non-INVITE server transaction.
 *
 *   Trying --1xx--> Proceeding --200-699--> Completed --J--> Terminated
 *     \__________200-699__________________/^
 */
export class NonInviteServerTransaction extends ServerTransaction {
  constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext) {
    if (request.method === 'INVITE' || request.method === 'ACK') {
      throw new Error(`NonInviteServerTransaction cannot carry ${request.method}`);
    }
    super(request, peer, ctx, 'Trying');
  }

  respond(res: SipResponse): void {
    const s = this.state;
    if (s !== 'Trying' && s !== 'Proceeding') {
      throw new Error(`${this.method} already answered with ${this.last?.status ?? '?'}; cannot send ${res.status}`);
    }
    this.last = res;
    this.transmit(res);
    if (res.status < 200) {
      this.setState('Proceeding');
      return;
    }
    this.setState('Completed');
    this.startTimer('J', this.t.J, () => this.terminate());
  }

  receiveRequest(req: SipRequest): void {
    void req;
    // Trying: absorbed silently; Proceeding / Completed: the last response again
    if (this.state === 'Proceeding' || this.state === 'Completed') this.resend();
  }
}
