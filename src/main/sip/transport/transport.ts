import type { SipAddress, SipMessage, SipTransportName } from '../message/types';
import type { SignallingTap } from '../tap/tap';

export interface TransportEndpoint {
  address: string;
  port: number;
}

/** One whole SIP message's bytes as a transport received them (a datagram or one framed stream message). */
export interface InboundData {
  raw: Buffer;
  source: SipAddress;
  local: TransportEndpoint;
  /** Stream transports: key of the connection it arrived on ("ip:port" of the peer). */
  flow?: string;
  /** Datagram transports: the datagram's size, for the Content-Length sanity rule. */
  datagramLength?: number;
  /** Stream transports: the largest body they frame (a larger one arrives as its header section alone). */
  maxBodyBytes?: number;
}

export type ConnectionCloseReason = 'peer' | 'idle' | 'error' | 'framing' | 'shutdown';

/** Something the installer may need to know about the network; `text` is ready to show. */
export type TransportEvent =
  | { type: 'connection-opened'; transport: SipTransportName; peer: SipAddress; direction: 'inbound' | 'outbound'; text: string }
  | {
      type: 'connection-closed';
      transport: SipTransportName;
      peer: SipAddress;
      direction: 'inbound' | 'outbound';
      reason: ConnectionCloseReason;
      text: string;
    }
  | { type: 'send-failed'; transport: SipTransportName; peer: SipAddress; text: string }
  | { type: 'dropped'; transport: SipTransportName; peer: SipAddress; text: string }
  | { type: 'rejected'; transport: SipTransportName; peer: SipAddress; status: number; text: string }
  | { type: 'error'; transport: SipTransportName; text: string };

export interface SendOptions {
  /** Stream transports: fail instead of opening a new connection (GB/T 28181-2022 NAT rule). */
  noNewConnection?: boolean;
}

/** Sends on the flow the peer already has, never a new connection (frozen: shared by every caller). */
export const ON_EXISTING_FLOW: Readonly<SendOptions> = Object.freeze({ noNewConnection: true });

export interface Transport {
  readonly name: SipTransportName;
  /** Reliable transports get no retransmissions and zero-length wait timers (RFC 3261 §17). */
  readonly reliable: boolean;
  readonly local: TransportEndpoint;
  send(data: SipMessage | Buffer, to: SipAddress, opts?: SendOptions): Promise<void>;
  onMessage(handler: (data: InboundData) => void): () => void;
  onEvent(handler: (ev: TransportEvent) => void): () => void;
  /** Datagram transports: the kernel receive buffer asked for and granted (bytes). */
  readonly recvBuffer?: { asked: number; granted: number };
  /** Datagram transports that read on a thread of their own: datagrams refused while the main thread was behind. */
  readonly dropped?: number;
  /** Where every sent and received message is reported; undefined = nobody listens. */
  setTap(tap: SignallingTap | undefined, now?: () => number): void;
  close(): Promise<void>;
}

/** Peer key used by connection tables and flows: "ip:port", IPv6 in brackets. */
export function peerKey(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** "10.0.0.7:5060/udp" as an installer reads it. */
export function describeAddress(a: SipAddress): string {
  return `${peerKey(a.address, a.port)}/${a.transport.toLowerCase()}`;
}

/** A bind failure as a sentence that keeps the socket error's errno `code` (EADDRINUSE, ...) and the error as `cause`. */
export function bindError(what: string, err: Error): Error {
  const out = new Error(`${what}: ${err.message}`, { cause: err }) as NodeJS.ErrnoException;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== undefined) out.code = code;
  return out;
}
