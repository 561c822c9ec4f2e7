// The SIP message model shared by the parser, the serializer, transactions, dialogs and GB28181 logic.
// Header values are kept as raw strings in arrival order; typed accessors (via, cseq, nameAddr, uri) parse on
// demand so a message with an odd header we never read still round-trips byte-for-byte in its body.

export type SipTransportName = 'UDP' | 'TCP';

export interface Params {
  [name: string]: string | null; // null = a flag parameter without value (e.g. ;rport, ;lr)
}

export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  user?: string;
  password?: string;
  host: string; // IPv6 hosts without brackets
  port?: number;
  params: Params;
  headers: Params;
}

export interface NameAddr {
  displayName?: string;
  uri: SipUri;
  params: Params; // tag, expires, q ...
}

export interface Via {
  protocol: string; // "SIP/2.0"
  transport: string; // "UDP" | "TCP" | ...
  host: string;
  port?: number;
  params: Params; // branch, rport (null or number string), received, maddr, ttl
}

export interface CSeq {
  seq: number;
  method: string;
}

/** One header line as it is kept: canonical (long-form, standard-cased) name and raw value. */
export interface HeaderField {
  name: string;
  value: string;
}

interface SipMessageBase {
  /** Ordered header fields; several fields may share a name. Names are canonical long forms. */
  headers: HeaderField[];
  /** Body bytes exactly as received or to be sent; any charset. */
  body: Buffer;
  /** SIP-Version as received (set by the parser). The serializer always writes SIP/2.0. */
  version?: string;
}

export interface SipRequest extends SipMessageBase {
  kind: 'request';
  method: string;
  uri: string; // Request-URI as text
}

export interface SipResponse extends SipMessageBase {
  kind: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Where a message came from or goes to. */
export interface SipAddress {
  transport: SipTransportName;
  address: string; // IP literal
  port: number;
}
