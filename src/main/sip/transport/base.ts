import type { SipAddress, SipMessage, SipTransportName } from '../message/types';
import type { SignallingTap } from '../tap/tap';
import type { InboundData, TransportEndpoint, TransportEvent } from './transport';
import { serializeMessage } from '../message';
import { Listeners } from '../../../shared/listeners';

/** Handler lists, tap reporting and error isolation shared by every transport. */
export abstract class TransportBase {
  abstract readonly name: SipTransportName;
  private readonly messageHandlers = new Listeners<[InboundData]>((err) =>
    this.emit({ type: 'error', transport: this.name, text: `SIP receive handler failed: ${(err as Error).message}` }),
  );
  // event observers are not allowed to break the transport
  private readonly eventHandlers = new Listeners<[TransportEvent]>(() => {});
  private tap: SignallingTap | undefined;
  private now: () => number = Date.now;

  onMessage(handler: (d: InboundData) => void): () => void {
    return this.messageHandlers.add(handler);
  }

  onEvent(handler: (e: TransportEvent) => void): () => void {
    return this.eventHandlers.add(handler);
  }

  setTap(tap: SignallingTap | undefined, now?: () => number): void {
    this.tap = tap;
    if (now) this.now = now;
  }

  protected toBytes(data: SipMessage | Buffer): Buffer {
    return Buffer.isBuffer(data) ? data : serializeMessage(data);
  }

  protected report(direction: 'in' | 'out', raw: Buffer, local: TransportEndpoint, peer: SipAddress): void {
    const tap = this.tap;
    if (!tap || (tap as { active?: boolean }).active === false) return;
    try {
      tap.onMessage({
        direction,
        transport: this.name,
        local: { address: local.address, port: local.port },
        peer: { address: peer.address, port: peer.port },
        timeMs: this.now(),
        raw,
      });
    } catch {
      // an observer must never break the network path
    }
  }

  /** Deliver received bytes; a throwing handler is contained here so the receive path never throws. */
  protected deliver(data: InboundData): void {
    this.report('in', data.raw, data.local, data.source);
    this.messageHandlers.emit(data);
  }

  protected emit(ev: TransportEvent): void {
    this.eventHandlers.emit(ev);
  }
}
