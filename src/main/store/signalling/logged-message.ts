// A logged message as the memory and PostgreSQL engines keep it: its summary (fields as logged, with the CmdType
// and SN a MESSAGE response inherits from its request) next to its exact bytes; and the filter rules on it.
import type { LogFilter, LogMessageDetail } from '../../../shared/types/signalling';
import type { SignallingRecord } from '../../sip/tap';
import { decodeMessage, messageText } from './detail';
import { methodFilter, statusClassValue } from './query';
import { bytesMayHold } from './reader';
import { emptyScan, scanSip, type SipScan } from './scan';
import { messageOf, summarize, type MessageSummary } from './summary';

export { CmdTypeMemo } from './cmd-memo';

/** A scanner bug costs the fields of one message, never the message itself. */
export function safeScan(raw: Buffer): SipScan {
  try {
    return scanSip(raw);
  } catch {
    return emptyScan(raw);
  }
}

export function summarizeRecord(rec: SignallingRecord): { summary: MessageSummary; scan: SipScan } {
  const scan = safeScan(rec.raw);
  return { summary: summarize(rec, scan), scan };
}

export function detailOf(id: number, s: MessageSummary, raw: Buffer): LogMessageDetail {
  return { ...messageOf(id, s), ...decodeMessage(raw, safeScan(raw)) };
}

/**
 * The filter as one check on a summary and its bytes, with the SQLite reader's rules: a device filter takes the
 * device's related IDs (its channels) too; text is a case-insensitive substring of the decoded message text.
 */
export function filterCheck(filter: LogFilter, related: readonly string[] = []): (s: MessageSummary, raw: Buffer) => boolean {
  const devices = new Set(filter.deviceId ? [filter.deviceId, ...related] : []);
  const mf = filter.method ? methodFilter(filter.method) : null;
  const sc = filter.statusClass ? statusClassValue(filter.statusClass) : null;
  const needle = filter.text ? filter.text.toLowerCase() : null;
  const mayHold = bytesMayHold(filter.text);
  return (s, raw) => {
    if (filter.deviceId && !devices.has(s.deviceId ?? '')) return false;
    if (mf && (mf.column === 'method' ? s.method !== mf.value : s.cmdType !== mf.value)) return false;
    if (sc !== null && s.statusClass !== sc) return false;
    if (filter.direction && s.direction !== filter.direction) return false;
    if (filter.hideKeepalives && s.cmdType === 'Keepalive') return false;
    if (filter.from !== undefined && s.time < filter.from) return false;
    if (filter.to !== undefined && s.time > filter.to) return false;
    if (needle === null) return true;
    return mayHold(raw) && messageText(raw, safeScan(raw)).toLowerCase().includes(needle);
  };
}
