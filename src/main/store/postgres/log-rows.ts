// What the PostgreSQL log stores of each message besides its bytes: its summary (with the CmdType/SN a MESSAGE
// response inherits) and its decoded text for the trigram index. Pure, so it runs in the parsing thread.
import type { SignallingRecord } from '../../sip/tap';
import { CmdTypeMemo } from '../signalling/cmd-memo';
import { messageText } from '../signalling/detail';
import { summarizeRecord } from '../signalling/logged-message';
import type { MessageSummary } from '../signalling/summary';

export interface ParsedBatch {
  summaries: MessageSummary[];
  texts: string[];
}

/** The socket facts and bytes of a record, as they cross to the parsing thread. */
export type RecordIn = Omit<SignallingRecord, 'raw'> & { raw: Uint8Array };

export function parseBatch(records: readonly RecordIn[], memo: CmdTypeMemo): ParsedBatch {
  const out: ParsedBatch = { summaries: [], texts: [] };
  for (const r of records) {
    const raw = Buffer.isBuffer(r.raw) ? r.raw : Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength);
    const { summary, scan } = summarizeRecord({ ...r, raw });
    memo.inherit(summary);
    out.summaries.push(summary);
    out.texts.push(messageText(raw, scan));
  }
  return out;
}

export { CmdTypeMemo };
