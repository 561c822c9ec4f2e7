import type { SipTransportName } from '../message/types';

export interface TapEndpoint {
  address: string;
  port: number;
}

/** One SIP message as it crossed the wire, before parsing (in) or after serializing (out). */
export interface SignallingRecord {
  direction: 'in' | 'out';
  transport: SipTransportName;
  local: TapEndpoint;
  peer: TapEndpoint;
  /** Wall-clock milliseconds (the stack's clock). */
  timeMs: number;
  raw: Buffer;
}

/** The single observer the signalling log implements. */
export interface SignallingTap {
  onMessage(rec: SignallingRecord): void;
}

/**
 * Fan-out point the transports report to. `active` lets callers skip building a record when nobody listens;
 * an observer that throws is isolated so it can never break the receive path.
 */
export class TapHub implements SignallingTap {
  private observers: SignallingTap[] = [];
  private failures = 0;

  get active(): boolean {
    return this.observers.length > 0;
  }

  /** Number of times an observer threw (kept for status/tests). */
  get observerFailures(): number {
    return this.failures;
  }

  add(observer: SignallingTap): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  onMessage(rec: SignallingRecord): void {
    for (const o of this.observers) {
      try {
        o.onMessage(rec);
      } catch {
        this.failures++;
      }
    }
  }
}
