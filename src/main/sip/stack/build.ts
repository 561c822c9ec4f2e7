import type { HeaderField, NameAddr, SipRequest } from '../message/types';
import { createRequest, formatNameAddr, parseNameAddr, parseUri } from '../message';
import { newCallId, newTag } from '../transaction/ids';

export interface OutOfDialogRequestSpec {
  method: string;
  /** Request-URI. */
  uri: string;
  /** From: a URI or name-addr; a fresh tag is added unless it has one or `fromTag` is given. */
  from: string;
  /** To: a URI or name-addr; any tag is removed (an out-of-dialog request never has one, RFC 3261 §8.1.1.2). */
  to: string;
  callId?: string;
  fromTag?: string;
  /** Defaults to the stack-wide counter. */
  cseq?: number;
  /** Contact URI or name-addr; false for none. Default: the stack's Contact on INVITE, REGISTER, SUBSCRIBE. */
  contact?: string | false;
  body?: Buffer;
  contentType?: string;
  headers?: HeaderField[];
}

export interface BuildDefaults {
  userAgent: string;
  contact: string;
  callIdHost: string;
  nextCSeq(): number;
}

const NEEDS_CONTACT = new Set(['INVITE', 'REGISTER', 'SUBSCRIBE', 'REFER']);

function nameAddr(value: string, what: string): NameAddr {
  const na = parseNameAddr(value);
  if (!na) throw new Error(`${what} "${value}" is not a SIP address`);
  return na;
}

/**
 * RFC 3261 §8.1.1: a new request outside any dialog: fresh From tag and Call-ID unless given, no To tag,
 * CSeq from the stack-wide counter, Max-Forwards 70, User-Agent. Via is added per transaction when sent.
 */
export function buildOutOfDialog(spec: OutOfDialogRequestSpec, d: BuildDefaults): SipRequest {
  const method = spec.method.toUpperCase();
  if (!parseUri(spec.uri)) throw new Error(`Request-URI "${spec.uri}" is not a SIP URI`);
  const from = nameAddr(spec.from, 'From');
  if (spec.fromTag) from.params.tag = spec.fromTag;
  else if (!from.params.tag) from.params.tag = newTag();
  const to = nameAddr(spec.to, 'To');
  delete to.params.tag;
  const headers: HeaderField[] = [
    { name: 'From', value: formatNameAddr(from) },
    { name: 'To', value: formatNameAddr(to) },
    { name: 'Call-ID', value: spec.callId ?? newCallId(d.callIdHost) },
    { name: 'CSeq', value: `${spec.cseq ?? d.nextCSeq()} ${method}` },
    { name: 'Max-Forwards', value: '70' },
  ];
  const contact = spec.contact === undefined ? (NEEDS_CONTACT.has(method) ? d.contact : undefined) : spec.contact || undefined;
  if (contact) headers.push({ name: 'Contact', value: contact.includes('<') ? contact : `<${contact}>` });
  headers.push({ name: 'User-Agent', value: d.userAgent });
  if (spec.body?.length && spec.contentType) headers.push({ name: 'Content-Type', value: spec.contentType });
  headers.push(...(spec.headers ?? []));
  return createRequest({ method, uri: spec.uri, headers, body: spec.body });
}
