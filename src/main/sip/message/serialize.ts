import type { SipMessage } from './types';
import { hasLineBreak } from './text';

const CRLF = '\r\n';

const LINE_BREAKS = /[\r\n]+/g;

function oneLine(s: string): string {
  return hasLineBreak(s) ? s.replace(LINE_BREAKS, ' ') : s;
}

function isContentLength(name: string): boolean {
  return name === 'Content-Length' || name === 'l' || name === 'L' || (name.length === 14 && name.toLowerCase() === 'content-length');
}

/**
 * Wire form of a message: SIP/2.0 start line, headers as stored (canonical names), Content-Length always set
 * to the body length (where the message had one, else last), CRLF line ends, then the body bytes.
 */
export function serializeMessage(m: SipMessage): Buffer {
  // pieces joined once: one flat string instead of a tree of concatenations flattened on the way to bytes
  const parts: string[] =
    m.kind === 'request'
      ? [m.method, ' ', oneLine(m.uri), ' SIP/2.0', CRLF]
      : ['SIP/2.0 ', String(m.status), ' ', oneLine(m.reason), CRLF];
  let wroteLength = false;
  for (const h of m.headers) {
    if (isContentLength(h.name)) {
      if (!wroteLength) parts.push('Content-Length: ', String(m.body.length), CRLF);
      wroteLength = true;
      continue;
    }
    parts.push(h.name, ': ', oneLine(h.value), CRLF);
  }
  if (!wroteLength) parts.push('Content-Length: ', String(m.body.length), CRLF);
  parts.push(CRLF);
  const head = parts.join('');
  if (m.body.length === 0) return Buffer.from(head, 'utf8');
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + m.body.length);
  out.write(head, 0, 'utf8');
  m.body.copy(out, headLen);
  return out;
}
