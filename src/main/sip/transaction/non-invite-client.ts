import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import { backoffCapped } from '../timers/timers';
import type { TransactionContext } from './base';
import { ClientTransaction, type ClientTransactionUser } from './client';

/**
 * RFC 3261 §17.1.2 non-INVITE client transaction.
 *
 *   Trying --1xx--> Proceeding --200-699--> Completed --K--> Terminated
 *     |  \___________200-699____________/^
 *     +--F / transport error--> Terminated
 */
export class NonInviteClientTransaction extends ClientTransaction {
  private interval = 0;

  constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext, user: ClientTransactionUser) {
    if (request.method === 'INVITE' || request.method === 'ACK') {
      throw new Error(`NonInviteClientTransaction cannot carry ${request.method}`);
    }
    super(request, peer, ctx, user, 'Trying');
  }

  /** Sends the request and arms timers E (unreliable) and F. */
  start(): this {
    this.transmit(this.request);
    if (!this.reliable) {
      this.interval = this.t.E;
      this.startTimer('E', this.interval, () => this.timerE());
    }
    this.startTimer('F', this.t.F, () => this.timerF());
    return this;
  }

  receiveResponse(res: SipResponse): void {
    const s = this.state;
    if (s !== 'Trying' && s !== 'Proceeding') return; // Completed absorbs retransmitted finals
    if (res.status < 200) {
      this.setState('Proceeding');
      this.user.onResponse(res);
      return;
    }
    this.stopTimer('E');
    this.stopTimer('F');
    this.setState('Completed');
    this.user.onResponse(res);
    if (this.t.K > 0 && this.ctx.holdCompletedClient?.(this)) {
      this.terminate();
      return;
    }
    this.startTimer('K', this.t.K, () => this.terminate());
  }

  private timerE(): void {
    const s = this.state;
    if (s !== 'Trying' && s !== 'Proceeding') return;
    this.transmit(this.request);
    this.ctx.resent?.();
    // §17.1.2.2: doubling up to T2 while Trying; T2 flat once a provisional arrived
    this.interval = s === 'Trying' ? backoffCapped(this.interval, this.t.t2) : this.t.t2;
    this.startTimer('E', this.interval, () => this.timerE());
  }

  private timerF(): void {
    this.terminate();
    this.user.onTimeout('F');
  }
}
