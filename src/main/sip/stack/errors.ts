import type { SipAddress, SipRequest } from '../message/types';

export type TransactionFailure = 'timeout' | 'transport';

/**
 * A request that got no final answer. `status` is what RFC 3261 §8.1.3.1 says the TU should act on:
 * 408 for a timeout (Timer B/F), 503 for a transport failure.
 */
export class SipTransactionError extends Error {
  readonly status: 408 | 503;

  constructor(
    readonly failure: TransactionFailure,
    message: string,
    readonly request: SipRequest,
    readonly destination: SipAddress,
    readonly timer?: 'B' | 'F',
  ) {
    super(message);
    this.name = 'SipTransactionError';
    this.status = failure === 'timeout' ? 408 : 503;
  }
}
