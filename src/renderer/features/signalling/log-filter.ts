// What the filter inputs hold (strings) and the LogFilter sent to log.query / log.export.
import type { LogFilter } from '../../../shared/contract';

export interface FilterDraft {
  deviceId: string;
  method: string;
  statusClass: '' | NonNullable<LogFilter['statusClass']>;
  direction: '' | 'in' | 'out';
  hideKeepalives: boolean;
  text: string;
  /** <input type="datetime-local"> values, local time. */
  from: string;
  to: string;
}

export const EMPTY_DRAFT: FilterDraft = { deviceId: '', method: '', statusClass: '', direction: '', hideKeepalives: false, text: '', from: '', to: '' };

export const STATUS_CLASSES = ['request', '1xx', '2xx', '3xx', '4xx', '5xx', '6xx'] as const;

/** Methods and CmdTypes offered as suggestions (any other value may be typed). */
export const METHOD_SUGGESTIONS = [
  'REGISTER',
  'MESSAGE',
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'INFO',
  'SUBSCRIBE',
  'NOTIFY',
  'OPTIONS',
  'Keepalive',
  'Catalog',
  'DeviceInfo',
  'DeviceStatus',
  'DeviceControl',
  'RecordInfo',
  'Alarm',
  'MediaStatus',
  'ConfigDownload',
  'DeviceConfig',
  'PresetQuery',
];

/** A datetime-local value (local time, seconds optional) as ms since the epoch, or undefined when empty/invalid. */
export function localInputToMs(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return undefined;
  const [date, time] = value.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, sRaw] = time.split(':');
  const sec = Number(sRaw ?? 0);
  const ms = new Date(y, mo - 1, d, Number(h), Number(mi), Math.floor(sec), Math.round((sec % 1) * 1000)).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

export function msToLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function draftToFilter(draft: FilterDraft): LogFilter {
  const f: LogFilter = {};
  if (draft.deviceId.trim()) f.deviceId = draft.deviceId.trim();
  if (draft.method.trim()) f.method = draft.method.trim();
  if (draft.statusClass) f.statusClass = draft.statusClass;
  if (draft.direction) f.direction = draft.direction;
  if (draft.hideKeepalives) f.hideKeepalives = true;
  if (draft.text.trim()) f.text = draft.text.trim();
  const from = localInputToMs(draft.from);
  const to = localInputToMs(draft.to);
  if (from !== undefined) f.from = from;
  // A "to" typed to the minute or second includes that whole minute/second.
  if (to !== undefined) f.to = to + (draft.to.length === 16 ? 59_999 : draft.to.length === 19 ? 999 : 0);
  return f;
}

export function isFilterActive(f: LogFilter): boolean {
  return Object.keys(f).length > 0;
}

export function sameFilter(a: LogFilter, b: LogFilter): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof LogFilter>;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}
