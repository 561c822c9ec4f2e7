// What the Recordings tab shows: the channel and day picked, the day's record list (re-asked while the device
// is still sending parts), the month's marked days, the range selected for download, and the downloads.
import { create } from 'zustand';
import type { DownloadView, RecordItemView, RecordType } from '../../../shared/contract';
import { api } from '../../api/client';
import { daysWithRecordings, isoDay, isoMonth, monthRange } from './calendar';
import { dayRange, type TimeRange } from './time-axis';

export interface ChannelPick {
  deviceId: string;
  channelId: string;
}

export interface DayList {
  key: string;
  items: RecordItemView[];
  complete: boolean;
  expected: number | null;
  loading: boolean;
  error: unknown;
}

export interface MonthMarks {
  key: string;
  days: Set<string>;
  complete: boolean;
  loading: boolean;
  error: unknown;
}

interface RecordingsState {
  pick: ChannelPick | null;
  day: string;
  month: string;
  type: RecordType;
  list: DayList | null;
  marks: MonthMarks | null;
  selection: TimeRange | null;
  downloads: DownloadView[];
  /** Downloads started from this console window: their file is saved through the browser when done. */
  mine: Set<string>;
  setPick(pick: ChannelPick | null): void;
  setDay(day: string): void;
  setMonth(month: string): void;
  setType(type: RecordType): void;
  setSelection(range: TimeRange | null): void;
  loadDay(): Promise<void>;
  loadMonth(): Promise<void>;
  loadDownloads(): Promise<void>;
  upsertDownload(d: DownloadView): void;
  addMine(downloadId: string): void;
}

const listKey = (p: ChannelPick | null, day: string, type: RecordType) => (p ? `${p.deviceId}|${p.channelId}|${day}|${type}` : '');
const marksKey = (p: ChannelPick | null, month: string, type: RecordType) => (p ? `${p.deviceId}|${p.channelId}|${month}|${type}` : '');

/** While the device is still sending parts, the list is asked again this often (the server merges late parts). */
const PARTIAL_RETRY_MS = 2000;
const PARTIAL_RETRIES = 30;

const today = new Date();

export const useRecordings = create<RecordingsState>((set, get) => ({
  pick: null,
  day: isoDay(today),
  month: isoMonth(today),
  type: 'all',
  list: null,
  marks: null,
  selection: null,
  downloads: [],
  mine: new Set(),
  setPick(pick) {
    const cur = get().pick;
    if (cur?.deviceId === pick?.deviceId && cur?.channelId === pick?.channelId) return;
    set({ pick, list: null, marks: null, selection: null });
  },
  setDay(day) {
    set({ day, month: day.slice(0, 7), selection: null });
  },
  setMonth(month) {
    set({ month });
  },
  setType(type) {
    set({ type });
  },
  setSelection(selection) {
    set({ selection });
  },
  async loadDay() {
    const { pick, day, type } = get();
    const key = listKey(pick, day, type);
    if (!pick) return;
    const range = dayRange(day);
    set({ list: { key, items: [], complete: false, expected: null, loading: true, error: null } });
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await api.invoke('record.query', { ...pick, start: range.start, end: range.end, type });
        if (get().list?.key !== key) return;
        set({ list: { key, items: r.items, complete: r.complete, expected: r.expected ?? null, loading: false, error: null } });
        if (r.complete || attempt >= PARTIAL_RETRIES) return;
      } catch (error) {
        if (get().list?.key === key) set({ list: { ...get().list!, loading: false, error } });
        return;
      }
      await new Promise((r) => setTimeout(r, PARTIAL_RETRY_MS));
      if (get().list?.key !== key) return;
    }
  },
  async loadMonth() {
    const { pick, month, type } = get();
    const key = marksKey(pick, month, type);
    if (!pick) return;
    const range = monthRange(month);
    // Days after today have nothing recorded yet; a month wholly in the future is not asked.
    const end = Math.min(range.end, Math.ceil(Date.now() / 1000));
    if (end <= range.start) {
      set({ marks: { key, days: new Set(), complete: true, loading: false, error: null } });
      return;
    }
    set({ marks: { key, days: new Set(), complete: false, loading: true, error: null } });
    try {
      const r = await api.invoke('record.query', { ...pick, start: range.start, end, type });
      if (get().marks?.key !== key) return;
      set({ marks: { key, days: daysWithRecordings(r.items, range), complete: r.complete, loading: false, error: null } });
    } catch (error) {
      if (get().marks?.key === key) set({ marks: { key, days: new Set(), complete: false, loading: false, error } });
    }
  },
  async loadDownloads() {
    const { downloads } = await api.invoke('download.list', {});
    set({ downloads });
  },
  upsertDownload(d) {
    const list = get().downloads;
    const i = list.findIndex((x) => x.downloadId === d.downloadId);
    set({ downloads: i < 0 ? [...list, d] : list.map((x, j) => (j === i ? { ...x, ...d } : x)) });
  },
  addMine(downloadId) {
    set({ mine: new Set(get().mine).add(downloadId) });
  },
}));

export const currentListKey = (s: RecordingsState) => listKey(s.pick, s.day, s.type);
export const currentMarksKey = (s: RecordingsState) => marksKey(s.pick, s.month, s.type);
