import type { SipAddress, SipMessage, SipRequest, SipResponse } from '../message/types';
import type { SignallingTap } from '../tap/tap';
import { describeAddress, ON_EXISTING_FLOW, type SendOptions, type Transport, type TransportEndpoint, type TransportEvent } from './transport';
import type { FlowInfo } from './tcp';
import { responseFallback, stampReceived } from './via-stamp';
import { createResponse, formatWarning, parseMessage, serializeMessage } from '../message';
import { checkParsedRequest } from '../sanity';
import { Listeners } from '../../../shared/listeners';

/** A parsed, sanity-checked message with where it came from. */
export interface Inbound {
  message: SipMessage;
  source: SipAddress;
  local: TransportEndpoint;
  transport: Transport;
  /** Stream transports: the connection key it arrived on. */
  flow?: string;
}

export interface TransportStats {
  received: number;
  sent: number;
  /** Unreadable input thrown away without an answer. */
  dropped: number;
  /** Requests answered with an error by the sanity rules. */
  rejected: number;
}

interface FlowTable {
  flowFor(peer: { address: string; port: number }): FlowInfo | undefined;
}

/**
 * Everything between sockets and transactions: picks the transport for a destination, parses what arrives,
 * answers requests that break the sanity rules (RFC 3261 §8.2) with the checker's status and a Warning naming
 * the fault, drops garbage (counted), and records the real source in the top Via (RFC 3581).
 */
export class TransportLayer {
  readonly stats: TransportStats = { received: 0, sent: 0, dropped: 0, rejected: 0 };
  private readonly transports: Transport[];
  private messageHandler: (m: Inbound) => void = () => {};
  // observers never break the network path
  private readonly eventHandlers = new Listeners<[TransportEvent]>(() => {});

  constructor(transports: Transport[]) {
    if (!transports.length) throw new Error('a SIP stack needs at least one transport');
    this.transports = transports;
    for (const t of transports) {
      t.onMessage((d) => this.receive(t, d.raw, d.source, d.local, d.flow, d.maxBodyBytes));
      t.onEvent((e) => this.emit(e));
    }
  }

  get all(): readonly Transport[] {
    return this.transports;
  }

  setTap(tap: SignallingTap | undefined, now?: () => number): void {
    for (const t of this.transports) t.setTap(tap, now);
  }

  onMessage(handler: (m: Inbound) => void): void {
    this.messageHandler = handler;
  }

  onEvent(handler: (e: TransportEvent) => void): () => void {
    return this.eventHandlers.add(handler);
  }

  transportFor(dest: SipAddress): Transport {
    const t = this.transports.find((x) => x.name === dest.transport);
    if (!t) throw new Error(`no ${dest.transport} transport configured; cannot reach ${describeAddress(dest)}`);
    return t;
  }

  isReliable(dest: SipAddress): boolean {
    return this.transportFor(dest).reliable;
  }

  /** The open stream connection with this peer, if any (GB/T 28181-2022: the flow a device registered on). */
  flowFor(peer: SipAddress): FlowInfo | undefined {
    const t = this.transports.find((x) => x.name === peer.transport) as (Transport & Partial<FlowTable>) | undefined;
    return t?.flowFor?.(peer);
  }

  send(message: SipMessage | Buffer, dest: SipAddress, opts?: SendOptions): Promise<void> {
    // not async: two responses go out per registration, and each async frame and extra promise costs
    try {
      const t = this.transportFor(dest);
      return t.send(Buffer.isBuffer(message) ? message : serializeMessage(message), dest, opts).then(this.countSent);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Send a response back the way its request came; on a closed stream, fall back per RFC 3261 §18.2.2.
   * Wire bytes (a re-sent response) only ever go over UDP, which has no fallback.
   */
  sendResponse(res: SipResponse | Buffer, source: SipAddress): Promise<void> {
    if (source.transport !== 'TCP') return this.send(res, source);
    return this.send(res, source, ON_EXISTING_FLOW).catch((err: unknown) => {
      const fallback = Buffer.isBuffer(res) ? undefined : responseFallback(res, source);
      if (!fallback) throw err;
      return this.send(res, fallback);
    });
  }

  private readonly countSent = (): void => {
    this.stats.sent++;
  };

  async close(): Promise<void> {
    await Promise.allSettled(this.transports.map((t) => t.close()));
  }

  private receive(t: Transport, raw: Buffer, source: SipAddress, local: TransportEndpoint, flow?: string, maxBodyBytes?: number): void {
    const parsed = parseMessage(raw, maxBodyBytes === undefined ? undefined : { maxBodyBytes });
    if (!parsed.ok && parsed.error.keepAlive) return;
    this.stats.received++;
    if (!parsed.ok) {
      const partial = parsed.error.partial;
      if (partial && partial.method !== 'ACK') {
        this.reject(partial, parsed.error.status, parsed.error.reason, source, local);
        return;
      }
      this.drop(t, source, parsed.error.reason);
      return;
    }
    const message = parsed.message;
    if (message.kind === 'request') {
      const fault = checkParsedRequest(message);
      if (fault) {
        if (message.method === 'ACK') this.drop(t, source, fault.reason);
        else this.reject(message, fault.status, fault.reason, source, local);
        return;
      }
      if (!stampReceived(message, source)) {
        this.reject(message, 400, 'Malformed Via header', source, local);
        return;
      }
    }
    this.messageHandler({ message, source, local, transport: t, flow });
  }

  private drop(t: Transport, source: SipAddress, reason: string): void {
    this.stats.dropped++;
    this.emit({ type: 'dropped', transport: t.name, peer: source, text: `dropped an unreadable message from ${describeAddress(source)}: ${reason}` });
  }

  private reject(req: SipRequest, status: number, reason: string, source: SipAddress, local: TransportEndpoint): void {
    this.stats.rejected++;
    const phrase = reason.replace(/[\r\n]/g, ' ').slice(0, 200);
    let res: SipResponse;
    try {
      res = createResponse(req, status, phrase, {
        headers: [{ name: 'Warning', value: formatWarning(399, local.address, phrase) }],
      });
    } catch {
      this.stats.rejected--;
      this.drop(this.transportFor(source), source, reason);
      return;
    }
    this.emit({
      type: 'rejected',
      transport: source.transport,
      peer: source,
      status,
      text: `answered ${req.method ?? 'a request'} from ${describeAddress(source)} with ${status}: ${phrase}`,
    });
    this.sendResponse(res, source).catch(() => {});
  }

  private emit(e: TransportEvent): void {
    this.eventHandlers.emit(e);
  }
}
