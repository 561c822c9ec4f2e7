import type { Clock } from '../timers/clock';
import { HeldKeys } from './held-keys';

/**
 * The Completed state of non-INVITE server transactions over UDP (RFC 3261 §17.2.2), kept compactly: for Timer J
 * (64*T1 = 32 s) the transaction exists only to re-send its final response when the request is retransmitted.
 * A registration burst leaves tens of thousands of them waiting at once, so instead of a transaction object and a
 * timer each, the layer keeps the match key and the response's wire bytes here.
 */
export class CompletedResponses {
  // The bytes are kept as a one-byte (latin1) string, not the Buffer: a small Buffer is a slice of an 8 KiB pool
  // slab, and one long-lived slice keeps its whole slab alive (measured: 138 MB of slabs held for 10,000 devices).
  private readonly wire: HeldKeys<string>;

  constructor(clock: Clock, holdMs: number) {
    this.wire = new HeldKeys(clock, holdMs);
  }

  get size(): number {
    return this.wire.size;
  }

  /** The final response last sent for this transaction key, while its Timer J runs. */
  get(key: string): Buffer | undefined {
    const text = this.wire.get(key);
    return text === undefined ? undefined : Buffer.from(text, 'latin1');
  }

  hold(key: string, wire: Buffer): void {
    this.wire.hold(key, wire.toString('latin1'));
  }

  close(): void {
    this.wire.close();
  }
}
