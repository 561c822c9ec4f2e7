// What the PostgreSQL log stores of each message: its summary (with the CmdType/SN a MESSAGE response inherits),
// its bytes and its decoded text for the trigram index, as the INSERT's array parameters in PostgreSQL's array
// text form, so the thread that sends them has nothing left to encode. Pure: it runs in the parsing thread.
import { CmdTypeMemo } from '../signalling/cmd-memo';
import { messageText } from '../signalling/detail';
import { summarizeRecord } from '../signalling/logged-message';
import { unpackRecords } from '../signalling/record-batch';
import type { MessageSummary } from '../signalling/summary';

export interface EncodedBatch {
  /** The INSERT's parameters after the instance: one array literal per column, in its column order. */
  columns: string[];
  summaries: MessageSummary[];
}

const SUMMARY_FIELDS = [
  'time', 'direction', 'transport', 'localAddr', 'peerAddr', 'method', 'status', 'statusClass', 'reason', 'callId', 'cseq',
  'fromUser', 'toUser', 'deviceId', 'cmdType', 'sn', 'size',
] as const satisfies ReadonlyArray<keyof MessageSummary>;

/** PostgreSQL text cannot hold NUL: a device that sends one loses that character in the searchable fields. */
export const withoutNul = (s: string): string => (s.includes('\0') ? s.replace(/\0/g, '') : s);

/** One element of an array literal: NULL, a number, or a quoted string (backslash and quote escaped). */
function element(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `"${withoutNul(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const literal = (values: Array<string | number | null>): string => `{${values.map(element).join(',')}}`;

/** The records of a packed batch (signalling/record-batch.ts) as the INSERT's columns. */
export function encodeBatch(buf: Buffer, end: number, memo: CmdTypeMemo): EncodedBatch {
  const summaries: MessageSummary[] = [];
  const raws: string[] = [];
  const texts: string[] = [];
  for (const rec of unpackRecords(buf, end)) {
    const { summary, scan } = summarizeRecord(rec);
    memo.inherit(summary);
    summaries.push(summary);
    // bytea in hex form; the backslash is escaped once more inside the quoted element.
    raws.push(`"\\\\x${rec.raw.toString('hex')}"`);
    texts.push(messageText(rec.raw, scan));
  }
  const columns = SUMMARY_FIELDS.map((f) => literal(summaries.map((s) => s[f])));
  columns.push(`{${raws.join(',')}}`, literal(texts));
  return { columns, summaries };
}

export { CmdTypeMemo };
