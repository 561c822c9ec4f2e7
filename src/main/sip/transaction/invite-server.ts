import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import { backoffCapped, TRYING_DELAY } from '../timers/timers';
import { createResponse } from '../message';
import type { TransactionContext } from './base';
import { ServerTransaction } from './server';

/**
 * RFC 3261 §17.2.1 INVITE server transaction, with the RFC 6026 Accepted state.
 *
 *   Proceeding --2xx--> Accepted --L--> Terminated
 *        |
 *        +--300-699--> Completed --ACK--> Confirmed --I--> Terminated
 *                          +--H (no ACK)--> Terminated
 *
 * Over unreliable transports the 2xx is re-sent with the Timer G schedule until the TU reports the ACK
 * (RFC 3261 §13.3.1.4 makes this the UAS core's job; keeping it here keeps every retransmission in one place).
 */
export class InviteServerTransaction extends ServerTransaction {
  readonly request: SipRequest;
  private last: SipResponse | undefined;
  private interval = 0;
  private acked = false;

  constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext) {
    if (request.method !== 'INVITE') throw new Error(`InviteServerTransaction got ${request.method}`);
    super(request, peer, ctx, 'Proceeding');
    this.request = request;
    // §17.2.1: answer 100 Trying unless the TU answers within 200 ms
    this.startTimer('100', TRYING_DELAY, () => {
      if (this.state === 'Proceeding' && !this.last) this.respond(createResponse(this.request, 100, 'Trying'));
    });
  }

  /** The last response sent (re-sent on retransmitted INVITEs and on Timer G). */
  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  /** Whether the ACK for our 2xx arrived. */
  get ackReceived(): boolean {
    return this.acked;
  }

  respond(res: SipResponse): void {
    const s = this.state;
    if (s !== 'Proceeding') throw new Error(`INVITE already answered with ${this.last?.status ?? '?'}; cannot send ${res.status}`);
    this.stopTimer('100');
    this.last = res;
    this.lastStatus = res.status;
    this.transmit(res);
    if (res.status < 200) return;
    if (res.status < 300) {
      this.setState('Accepted');
      if (!this.reliable) {
        this.interval = this.t.G;
        this.startTimer('G', this.interval, () => this.retransmit2xx());
      }
      this.startTimer('L', this.t.L, () => this.timerL());
      return;
    }
    this.setState('Completed');
    if (!this.reliable) {
      this.interval = this.t.G;
      this.startTimer('G', this.interval, () => this.timerG());
    }
    this.startTimer('H', this.t.H, () => this.timerH());
  }

  receiveRequest(req: SipRequest): void {
    const s = this.state;
    if (req.method === 'ACK') {
      if (s === 'Completed') {
        this.stopTimer('G');
        this.stopTimer('H');
        this.setState('Confirmed');
        this.startTimer('I', this.t.I, () => this.terminate());
      } else if (s === 'Accepted') {
        this.confirm2xx();
      }
      return;
    }
    // a retransmitted INVITE
    if (s === 'Proceeding' || s === 'Completed') this.resend();
  }

  /** The TU matched an ACK for our 2xx (it carries its own branch, §13.2.2.4): stop re-sending the 2xx. */
  confirm2xx(): void {
    if (this.state !== 'Accepted') return;
    this.acked = true;
    this.stopTimer('G');
  }

  private retransmit2xx(): void {
    if (this.state !== 'Accepted' || this.acked) return;
    this.resend();
    this.interval = backoffCapped(this.interval, this.t.t2);
    this.startTimer('G', this.interval, () => this.retransmit2xx());
  }

  private timerG(): void {
    if (this.state !== 'Completed') return;
    this.resend();
    this.interval = backoffCapped(this.interval, this.t.t2);
    this.startTimer('G', this.interval, () => this.timerG());
  }

  private timerH(): void {
    this.terminate();
    this.user.onAckTimeout?.();
  }

  private timerL(): void {
    const missing = !this.acked;
    this.terminate();
    if (missing) this.user.on2xxAckTimeout?.();
  }

  private resend(): void {
    if (this.last) this.transmit(this.last);
  }
}
