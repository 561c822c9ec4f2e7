import type { ServerText } from '../../../shared/texts';
import type { SipAddress, SipRequest } from '../message/types';

export type TransactionFailure = 'timeout' | 'transport' | 'bad-answer';

/**
 * A request that got no usable final answer. `status` is what RFC 3261 §8.1.3.1 says the TU should act on:
 * 408 for a timeout (Timer B/F), 503 for a transport failure; 502 for an answer that breaks the protocol
 * (a 2xx to INVITE without a To tag, from which no dialog can be formed).
 */
export class SipTransactionError extends Error {
  readonly status: 408 | 502 | 503;

  constructor(
    readonly failure: TransactionFailure,
    message: string,
    readonly request: SipRequest,
    readonly destination: SipAddress,
    readonly timer?: 'B' | 'F',
    /** The sentence as a code and parameters. */
    readonly text?: ServerText,
  ) {
    super(message);
    this.name = 'SipTransactionError';
    this.status = failure === 'timeout' ? 408 : failure === 'bad-answer' ? 502 : 503;
  }
}
