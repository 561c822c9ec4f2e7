import type { CSeq } from './types';
import { isToken } from './text';

/** CSeq sequence numbers are 32-bit unsigned and must be below 2^31 (RFC 3261 §8.1.1.5). */
export const MAX_CSEQ = 2 ** 31 - 1;

export function parseCSeq(text: string): CSeq | undefined {
  const m = /^\s*(\d{1,10})\s+(\S+)\s*$/.exec(text);
  if (!m || !isToken(m[2])) return undefined;
  const seq = Number(m[1]);
  if (seq > MAX_CSEQ) return undefined;
  return { seq, method: m[2] };
}

export function formatCSeq(cseq: CSeq): string {
  return cseq.seq + ' ' + cseq.method;
}
