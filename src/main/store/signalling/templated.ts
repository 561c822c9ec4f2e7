// Keepalives (MANSCDP Keepalive MESSAGEs and their 200 OKs) are most of a quiet site's log and nearly identical,
// so they stay out of the trigram index. Text search still answers exactly for them (query.ts): a keepalive is
// stored as templated only when every run of 12 or more digits in it is its From or To user, so a search for a
// long number (a device or server ID) can only match through the device code or the kind's other user.
import type { MessageSummary } from './summary';

const LONG_DIGITS = /\d{12,}/g;
/** Longest other-side user kept in a kind (a longer one makes the message an ordinary, indexed one). */
const MAX_OTHER_USER = 64;
export const LONG_NUMBER = 12;

/** The other side's user when the message can be stored as a templated keepalive, else null. */
export function templatedKeepalive(raw: Buffer, s: MessageSummary): string | null {
  if (s.cmdType !== 'Keepalive' || !s.deviceId || s.method !== 'MESSAGE') return null;
  const other = s.deviceId === s.fromUser ? s.toUser : s.deviceId === s.toUser ? s.fromUser : null;
  if (!other || other.length > MAX_OTHER_USER) return null;
  const text = raw.toString('latin1');
  for (const m of text.matchAll(LONG_DIGITS)) {
    if (m[0] !== s.fromUser && m[0] !== s.toUser) return null;
  }
  return other;
}

/** 32-bit FNV-1a of a Call-ID: the key of log.call's index (collisions are filtered on the decoded message). */
export function callHash(callId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < callId.length; i++) {
    h ^= callId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
