import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import type { TransactionContext } from './base';
import { ClientTransaction, type ClientTransactionUser } from './client';
import { buildNon2xxAck } from './ack';

/**
 * RFC 3261 §17.1.1 INVITE client transaction, with the RFC 6026 Accepted state so 2xx retransmissions
 * reach the TU (which re-sends its ACK) instead of being lost.
 *
 *   Calling --1xx--> Proceeding --2xx--> Accepted --M--> Terminated
 *      |                 |
 *      +----300-699------+--> Completed (ACK sent) --D--> Terminated
 */
export class InviteClientTransaction extends ClientTransaction {
  private ack: SipRequest | undefined;
  private interval = 0;

  constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext, user: ClientTransactionUser) {
    if (request.method !== 'INVITE') throw new Error(`InviteClientTransaction got ${request.method}`);
    super(request, peer, ctx, user, 'Calling');
  }

  /** Sends the INVITE and arms timers A (unreliable) and B. */
  start(): this {
    this.transmit(this.request);
    if (!this.reliable) {
      this.interval = this.t.A;
      this.startTimer('A', this.interval, () => this.timerA());
    }
    this.startTimer('B', this.t.B, () => this.timerB());
    return this;
  }

  /** The ACK sent for a non-2xx final response, once there is one. */
  get ackRequest(): SipRequest | undefined {
    return this.ack;
  }

  receiveResponse(res: SipResponse): void {
    const s = this.state;
    if (res.status < 200) {
      if (s === 'Calling' || s === 'Proceeding') {
        this.stopTimer('A');
        // §17.1.1.2: Timer B guards the Calling state only; a ringing INVITE waits for the TU (or a CANCEL)
        if (s === 'Calling') this.stopTimer('B');
        this.setState('Proceeding');
        this.user.onResponse(res);
      }
      return;
    }
    if (res.status < 300) {
      if (s === 'Calling' || s === 'Proceeding') {
        this.stopTimer('A');
        this.stopTimer('B');
        this.setState('Accepted');
        this.startTimer('M', this.t.M, () => this.terminate());
        this.user.onResponse(res);
      } else if (s === 'Accepted') {
        this.user.onResponse(res);
      }
      return;
    }
    if (s === 'Calling' || s === 'Proceeding') {
      this.stopTimer('A');
      this.stopTimer('B');
      this.ack = buildNon2xxAck(this.request, res);
      this.setState('Completed');
      this.transmit(this.ack);
      this.user.onResponse(res);
      this.startTimer('D', this.t.D, () => this.terminate());
    } else if (s === 'Completed' && this.ack) {
      // a retransmitted final response: the peer lost our ACK
      this.transmit(this.ack);
    }
  }

  /** The TU cannot use the answer it got (e.g. a 2xx without a To tag): the transaction ends now. */
  abandon(): void {
    this.terminate();
  }

  private timerA(): void {
    if (this.state !== 'Calling') return;
    this.transmit(this.request);
    this.ctx.resent?.();
    this.interval *= 2;
    this.startTimer('A', this.interval, () => this.timerA());
  }

  /**
   * §9.1: once a CANCEL went out, give the INVITE 64*T1 to end with a final response (normally 487),
   * then consider it gone.
   */
  expireAfterCancel(): void {
    if (this.state === 'Calling' || this.state === 'Proceeding') this.startTimer('B', this.t.B, () => this.timerB());
  }

  private timerB(): void {
    if (this.state !== 'Calling' && this.state !== 'Proceeding') return;
    this.terminate();
    this.user.onTimeout('B');
  }
}
