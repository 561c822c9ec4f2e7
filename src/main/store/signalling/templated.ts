// Keepalives (MANSCDP Keepalive MESSAGEs and their 200 OKs) are most of a quiet site's log and nearly identical,
// so they stay out of the trigram index. Text search still answers exactly for them (query.ts): a keepalive is
// stored as templated only when every run of 12 or more digits in it is its From or To user, so a search for a
// long number (a device or server ID) can only match through the device code or the kind's other user.
import type { MessageSummary } from './summary';

/** Longest other-side user kept in a kind (a longer one makes the message an ordinary, indexed one). */
const MAX_OTHER_USER = 64;
export const LONG_NUMBER = 12;

/** The other side's user when the message can be stored as a templated keepalive, else null. */
export function templatedKeepalive(raw: Buffer, s: MessageSummary): string | null {
  if (s.cmdType !== 'Keepalive' || !s.deviceId || s.method !== 'MESSAGE') return null;
  const other = s.deviceId === s.fromUser ? s.toUser : s.deviceId === s.toUser ? s.fromUser : null;
  if (!other || other.length > MAX_OTHER_USER) return null;
  return foreignLongNumber(raw, s.fromUser, s.toUser) ? null : other;
}

const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

/**
 * Whether a maximal run of LONG_NUMBER or more digits is neither the From nor the To user. Such a run covers one
 * of every LONG_NUMBER positions, so only those are looked at, and a run is read out from a digit found there.
 */
function foreignLongNumber(raw: Buffer, fromUser: string | null, toUser: string | null): boolean {
  const n = raw.length;
  let readTo = 0;
  for (let i = LONG_NUMBER - 1; i < n; i += LONG_NUMBER) {
    if (i < readTo || !isDigit(raw[i])) continue;
    let start = i;
    while (start > 0 && isDigit(raw[start - 1])) start--;
    let end = i + 1;
    while (end < n && isDigit(raw[end])) end++;
    readTo = end;
    const run = end - start;
    if (run >= LONG_NUMBER && !spells(raw, start, run, fromUser) && !spells(raw, start, run, toUser)) return true;
  }
  return false;
}

/** Whether raw[at, at + length) holds exactly the characters of text. */
function spells(raw: Buffer, at: number, length: number, text: string | null): boolean {
  if (text === null || text.length !== length) return false;
  for (let i = 0; i < length; i++) if (raw[at + i] !== text.charCodeAt(i)) return false;
  return true;
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
