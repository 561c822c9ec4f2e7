import type { SipAddress, SipRequest, SipResponse } from '../message/types';
import { serializeMessage } from '../message';
import type { TransactionContext } from './base';
import { ServerTransaction } from './server';

/**
 * RFC 3261 §17.2.2 non-INVITE server transaction.
 *
 *   Trying --1xx--> Proceeding --200-699--> Completed --J--> Terminated
 *     \__________200-699__________________/^
 *
 * It keeps no request and, over UDP, only the wire bytes of the last response: Completed lasts 32 s (Timer J)
 * just to re-send them, and a registration burst leaves tens of thousands of transactions there. When the
 * context offers `holdCompleted` (the transaction layer does), Completed is handed over to it as those bytes
 * and the object terminates at once.
 */
export class NonInviteServerTransaction extends ServerTransaction {
  /** The last response as sent, for re-sending (unreliable transports only). */
  private lastWire: Buffer | undefined;

  constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext) {
    if (request.method === 'INVITE' || request.method === 'ACK') {
      throw new Error(`NonInviteServerTransaction cannot carry ${request.method}`);
    }
    super(request, peer, ctx, 'Trying');
  }

  respond(res: SipResponse): void {
    const s = this.state;
    if (s !== 'Trying' && s !== 'Proceeding') {
      throw new Error(`${this.method} already answered with ${this.lastStatus ?? '?'}; cannot send ${res.status}`);
    }
    this.lastStatus = res.status;
    if (this.reliable) {
      // TCP: sent as a message so the transport can fall back to a new connection (§18.2.2); nothing is re-sent
      this.transmit(res);
    } else {
      this.lastWire = serializeMessage(res);
      this.transmit(this.lastWire);
    }
    if (res.status < 200) {
      this.setState('Proceeding');
      return;
    }
    this.setState('Completed');
    if (this.lastWire && this.ctx.holdCompleted) {
      // the layer keeps the wire bytes for Timer J and answers retransmissions itself
      this.ctx.holdCompleted(this, this.lastWire);
      this.lastWire = undefined;
      this.terminate();
      return;
    }
    this.startTimer('J', this.t.J, () => this.terminate());
  }

  receiveRequest(req: SipRequest): void {
    void req;
    // Trying: absorbed silently; Proceeding / Completed: the last response again
    if ((this.state === 'Proceeding' || this.state === 'Completed') && this.lastWire) this.transmit(this.lastWire);
  }
}
