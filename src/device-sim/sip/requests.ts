// The requests a device originates, written the way typical IPCs write them.
import type { HeaderField, SipRequest } from '../../main/sip/message/types';
import { createRequest } from '../../main/sip/message';
import { newBranch, newCallId, newTag } from '../../main/sip/transaction';

export interface Endpoint {
  transport: 'UDP' | 'TCP';
  /** Our address as the platform should reach us (Via sent-by, Contact). */
  host: string;
  port: number;
}

export const MANSCDP_TYPE = 'Application/MANSCDP+xml';
export const USER_AGENT = 'GB28181-Console device simulator';

export function via(local: Endpoint, branch = newBranch()): string {
  return `SIP/2.0/${local.transport} ${local.host}:${local.port};rport;branch=${branch}`;
}

export function contact(id: string, local: Endpoint): string {
  const t = local.transport === 'TCP' ? ';transport=tcp' : '';
  return `<sip:${id}@${local.host}:${local.port}${t}>`;
}

export interface RegisterParams {
  deviceId: string;
  serverId: string;
  domain: string;
  local: Endpoint;
  callId: string;
  fromTag: string;
  cseq: number;
  expires: number;
  authorization?: string;
  gbVersion?: string;
  /** The device's one Via branch when it reuses it (default: a fresh one). */
  branch?: string;
}

export function registerRequest(p: RegisterParams): SipRequest {
  const headers: HeaderField[] = [
    { name: 'Via', value: via(p.local, p.branch) },
    { name: 'From', value: `<sip:${p.deviceId}@${p.domain}>;tag=${p.fromTag}` },
    { name: 'To', value: `<sip:${p.deviceId}@${p.domain}>` },
    { name: 'Call-ID', value: p.callId },
    { name: 'CSeq', value: `${p.cseq} REGISTER` },
    { name: 'Contact', value: contact(p.deviceId, p.local) },
    { name: 'Max-Forwards', value: '70' },
    { name: 'User-Agent', value: USER_AGENT },
    { name: 'Expires', value: String(p.expires) },
  ];
  if (p.authorization) headers.push({ name: 'Authorization', value: p.authorization });
  if (p.gbVersion) headers.push({ name: 'X-GB-Ver', value: p.gbVersion });
  return createRequest({ method: 'REGISTER', uri: registerUri(p.serverId, p.domain), headers });
}

export function registerUri(serverId: string, domain: string): string {
  return `sip:${serverId}@${domain}`;
}

export interface MessageParams {
  fromId: string;
  serverId: string;
  domain: string;
  local: Endpoint;
  body: Buffer;
  /** In-dialog sends reuse the dialog's Call-ID and tags. */
  callId?: string;
  fromTag?: string;
  toTag?: string;
  cseq?: number;
  /** Request-URI; default sip:<serverId>@<domain>. */
  uri?: string;
  /** The device's one Via branch when it reuses it (default: a fresh one). */
  branch?: string;
}

export function messageRequest(p: MessageParams): SipRequest {
  const to = `<sip:${p.serverId}@${p.domain}>` + (p.toTag ? `;tag=${p.toTag}` : '');
  return createRequest({
    method: 'MESSAGE',
    uri: p.uri ?? `sip:${p.serverId}@${p.domain}`,
    headers: [
      { name: 'Via', value: via(p.local, p.branch) },
      { name: 'From', value: `<sip:${p.fromId}@${p.domain}>;tag=${p.fromTag ?? newTag()}` },
      { name: 'To', value: to },
      { name: 'Call-ID', value: p.callId ?? newCallId(p.local.host) },
      { name: 'CSeq', value: `${p.cseq ?? 20} MESSAGE` },
      { name: 'Max-Forwards', value: '70' },
      { name: 'User-Agent', value: USER_AGENT },
      { name: 'Content-Type', value: MANSCDP_TYPE },
    ],
    body: p.body,
  });
}

/** A request inside a dialog we hold (NOTIFY of a subscription, BYE of a media session). */
export interface DialogRef {
  callId: string;
  localUri: string;
  localTag: string;
  remoteUri: string;
  remoteTag: string;
  /** The peer's Contact, used as Request-URI. */
  remoteTarget: string;
  nextCseq(): number;
}

export function inDialogRequest(method: string, d: DialogRef, local: Endpoint, extra: HeaderField[] = [], body?: Buffer, branch?: string): SipRequest {
  return createRequest({
    method,
    uri: d.remoteTarget,
    headers: [
      { name: 'Via', value: via(local, branch) },
      { name: 'From', value: `<${d.localUri}>;tag=${d.localTag}` },
      { name: 'To', value: `<${d.remoteUri}>` + (d.remoteTag ? `;tag=${d.remoteTag}` : '') },
      { name: 'Call-ID', value: d.callId },
      { name: 'CSeq', value: `${d.nextCseq()} ${method}` },
      { name: 'Max-Forwards', value: '70' },
      { name: 'User-Agent', value: USER_AGENT },
      ...extra,
    ],
    body,
  });
}
