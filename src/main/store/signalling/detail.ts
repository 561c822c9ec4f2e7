// The readable form of a stored message: full text with the body decoded, XML re-indented, SDP by field.
import type { LogMessageDetail } from '../../../shared/types/signalling';
import { decodeBody } from './charset';
import { prettyXml } from './pretty-xml';
import { scanSip, type SipScan } from './scan';
import { looksLikeSdp, sdpFields } from './sdp-fields';

export interface DecodedMessage {
  /** Start line and headers as sent (UTF-8), then the decoded body. */
  text: string;
  body: LogMessageDetail['body'];
}

/** Just the full text (what the text index holds), without building the body views. */
export function messageText(raw: Buffer, scan: SipScan = scanSip(raw)): string {
  const head = raw.toString('utf8', 0, scan.bodyStart);
  if (scan.bodyStart >= scan.bodyEnd) return head;
  return head + decodeBody(raw.subarray(scan.bodyStart, scan.bodyEnd), scan.contentType).text;
}

export function decodeMessage(raw: Buffer, scan: SipScan = scanSip(raw)): DecodedMessage {
  const head = raw.toString('utf8', 0, scan.bodyStart);
  if (scan.bodyStart >= scan.bodyEnd) return { text: head, body: { kind: 'none' } };
  const { text: bodyText, charset } = decodeBody(raw.subarray(scan.bodyStart, scan.bodyEnd), scan.contentType);
  const text = head + bodyText;
  const ct = scan.contentType?.toLowerCase() ?? '';
  if (ct.includes('sdp') || (!ct && looksLikeSdp(bodyText))) return { text, body: { kind: 'sdp', fields: sdpFields(bodyText) } };
  if (ct.includes('xml') || (!ct && bodyText.trimStart().startsWith('<'))) {
    return { text, body: { kind: 'xml', charset, pretty: prettyXml(bodyText) } };
  }
  return { text, body: { kind: 'text', text: bodyText } };
}
