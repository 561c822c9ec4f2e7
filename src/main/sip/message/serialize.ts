import type { SipMessage } from './types';

const CRLF = '\r\n';

function oneLine(s: string): string {
  return /[\r\n]/.test(s) ? s.replace(/[\r\n]+/g, ' ') : s;
}

/**
 * Wire form of a message: SIP/2.0 start line, headers as stored (canonical names), Content-Length always set
 * to the body length (where the message had one, else last), CRLF line ends, then the body bytes.
 */
export function serializeMessage(m: SipMessage): Buffer {
  let head =
    m.kind === 'request'
      ? m.method + ' ' + oneLine(m.uri) + ' SIP/2.0' + CRLF
      : 'SIP/2.0 ' + m.status + ' ' + oneLine(m.reason) + CRLF;
  let wroteLength = false;
  for (const h of m.headers) {
    if (h.name === 'Content-Length' || h.name.toLowerCase() === 'content-length' || h.name === 'l' || h.name === 'L') {
      if (!wroteLength) head += 'Content-Length: ' + m.body.length + CRLF;
      wroteLength = true;
      continue;
    }
    head += h.name + ': ' + oneLine(h.value) + CRLF;
  }
  if (!wroteLength) head += 'Content-Length: ' + m.body.length + CRLF;
  head += CRLF;
  if (m.body.length === 0) return Buffer.from(head, 'utf8');
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + m.body.length);
  out.write(head, 0, 'utf8');
  m.body.copy(out, headLen);
  return out;
}
