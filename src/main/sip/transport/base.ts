import type { SipAddress, SipMessage, SipTransportName } from '../message/types';
import type { SignallingTap } from '../tap/tap';
import type { InboundData, TransportEndpoint, TransportEvent } from './transport';
import { serializeMessage } from '../message';

/** Handler lists, tap reporting and error isolation shared by every transport. */
export abstract class TransportBase {
  abstract readonly name: SipTransportName;
  private messageHandlers: Array<(d: InboundData) => void> = [];
  private eventHandlers: Array<(e: TransportEvent) => void> = [];
  private tap: SignallingTap | undefined;
  private now: () => number = Date.now;

  onMessage(handler: (d: InboundData) => void): () => void {
    this.messageHandlers.push(handler);
    return () => {
      this.messageHandlers = this.messageHandlers.filter((h) => h !== handler);
    };
  }

  onEvent(handler: (e: TransportEvent) => void): () => void {
    this.eventHandlers.push(handler);
    return () => {
      this.eventHandlers = this.eventHandlers.filter((h) => h !== handler);
    };
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
    for (const h of this.messageHandlers) {
      try {
        h(data);
      } catch (err) {
        this.emit({ type: 'error', transport: this.name, text: `SIP receive handler failed: ${(err as Error).message}` });
      }
    }
  }

  protected emit(ev: TransportEvent): void {
    for (const h of this.eventHandlers) {
      try {
        h(ev);
      } catch {
        // event observers are not allowed to break the transport
      }
    }
  }
}
