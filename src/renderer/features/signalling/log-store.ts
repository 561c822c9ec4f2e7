// The signalling log view's data: one page of log.query results plus the live tail from 'log.message'.
// Filtering happens in the backend's SQL. Without a filter, tail batches go straight on top; with one, a batch
// only triggers a fresh log.query (throttled) whose newer rows go on top.
import { create } from 'zustand';
import type { LogFilter, LogMessage } from '../../../shared/contract';
import { api } from '../../api/client';
import { draftToFilter, EMPTY_DRAFT, isFilterActive, sameFilter, type FilterDraft } from './log-filter';
import { appendOlder, newerThan, prepend } from './tail';

export const PAGE_SIZE = 200;
/** Rows kept while tailing; older ones are dropped and can be paged in again. */
const TAIL_CAP = 20_000;
/** Rows kept in total when the user pages back through history. */
const HISTORY_CAP = 200_000;
const REQUERY_MS = 1000;

interface LogState {
  /** What the filter inputs hold; `filter` is what the list was queried with. */
  draft: FilterDraft;
  filter: LogFilter;
  messages: readonly LogMessage[];
  state: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  hasMore: boolean;
  olderState: 'idle' | 'loading' | 'error';
  olderError: unknown;
  /** The user scrolled away from the newest messages: new ones wait in `pending`. */
  paused: boolean;
  pending: readonly LogMessage[];
  selectedId: number | null;
  /** Bumped when the view should jump to the newest row. */
  scrollToTopSeq: number;

  setDraft(draft: FilterDraft): void;
  /** Filters the log to one device (from elsewhere in the console). */
  showDevice(deviceId: string): void;
  query(filter: LogFilter): Promise<void>;
  reload(): Promise<void>;
  loadOlder(): Promise<void>;
  setPaused(paused: boolean): void;
  resume(): void;
  select(id: number | null): void;
}

let generation = 0;
let requeryTimer: ReturnType<typeof setTimeout> | null = null;
/** A tail batch came while a query was in flight: that query may have been answered before the batch was stored. */
let tailDuringQuery = false;

export const useLog = create<LogState>((set, get) => ({
  draft: EMPTY_DRAFT,
  filter: {},
  messages: [],
  state: 'idle',
  error: null,
  hasMore: false,
  olderState: 'idle',
  olderError: null,
  paused: false,
  pending: [],
  selectedId: null,
  scrollToTopSeq: 0,

  setDraft: (draft) => set({ draft }),

  showDevice(deviceId) {
    const draft = { ...EMPTY_DRAFT, deviceId };
    set({ draft, selectedId: null });
    void get().query(draftToFilter(draft));
  },

  async query(filter) {
    const gen = ++generation;
    tailDuringQuery = false;
    set({ filter, state: 'loading', error: null, pending: [], paused: false, olderState: 'idle', scrollToTopSeq: get().scrollToTopSeq + 1 });
    try {
      const r = await api.invoke('log.query', { ...filter, limit: PAGE_SIZE });
      if (gen !== generation) return;
      set({ messages: [...r.messages].sort((a, b) => b.id - a.id), hasMore: r.hasMore, state: 'ready' });
      if (tailDuringQuery) {
        tailDuringQuery = false;
        void requery();
      }
    } catch (err) {
      if (gen === generation) set({ state: 'error', error: err, messages: [], hasMore: false });
    }
  },

  reload() {
    return get().query(get().filter);
  },

  async loadOlder() {
    const { messages, hasMore, olderState, filter, state } = get();
    if (!hasMore || olderState === 'loading' || state !== 'ready' || messages.length === 0) return;
    const gen = generation;
    set({ olderState: 'loading', olderError: null });
    try {
      const r = await api.invoke('log.query', { ...filter, limit: PAGE_SIZE, before: messages[messages.length - 1].id });
      if (gen !== generation) return;
      const list = appendOlder(get().messages, r.messages);
      set({ messages: list.slice(0, HISTORY_CAP), hasMore: r.hasMore && list.length < HISTORY_CAP, olderState: 'idle' });
    } catch (err) {
      if (gen === generation) set({ olderState: 'error', olderError: err });
    }
  },

  setPaused(paused) {
    if (paused === get().paused) return;
    if (!paused) get().resume();
    else set({ paused: true });
  },

  resume() {
    const { messages, pending } = get();
    const merged = pending.length ? prepend(messages, pending, TAIL_CAP) : { list: messages as LogMessage[], trimmed: false };
    set({
      paused: false,
      pending: [],
      messages: merged.list,
      hasMore: get().hasMore || merged.trimmed,
      scrollToTopSeq: get().scrollToTopSeq + 1,
    });
  },

  select: (selectedId) => set({ selectedId }),
}));

function take(newer: LogMessage[]) {
  if (newer.length === 0) return;
  const s = useLog.getState();
  if (s.paused) {
    const pending = prepend(s.pending, newer, TAIL_CAP).list;
    useLog.setState({ pending });
    return;
  }
  const r = prepend(s.messages, newer, TAIL_CAP);
  useLog.setState({ messages: r.list, hasMore: s.hasMore || r.trimmed });
}

async function requery() {
  requeryTimer = null;
  const s = useLog.getState();
  if (s.state !== 'ready') return;
  const gen = generation;
  const filter = s.filter;
  try {
    const r = await api.invoke('log.query', { ...filter, limit: PAGE_SIZE });
    const now = useLog.getState();
    if (gen !== generation || !sameFilter(filter, now.filter)) return;
    const top = now.pending.length > 0 ? now.pending : now.messages;
    const newer = newerThan(top, r.messages);
    // A full page of new rows may hide a gap below it: start over from this page.
    if (newer.length >= PAGE_SIZE && !now.paused) {
      useLog.setState({ messages: newer, hasMore: true });
      return;
    }
    take(newer);
  } catch {
    // The next batch tries again; the list stays as it is.
  }
}

let tailUsers = 0;
let stopTail: (() => void) | null = null;
/** The first batch after the tail starts: messages stored before the server began sending may be missing. */
let catchUp = false;

/**
 * The live tail while the Signalling tab is open. 'log.message' is an opt-in event (shared/contract.ts): a console
 * showing another tab receives none, so when the tail starts again the list first catches up with a query.
 */
export function followLiveLog(): () => void {
  if (tailUsers++ === 0) {
    catchUp = true;
    stopTail = api.on('log.message', onTail);
    if (useLog.getState().state === 'ready') void requery();
  }
  return () => {
    if (--tailUsers > 0) return;
    stopTail?.();
    stopTail = null;
  };
}

function onTail(batch: LogMessage[]): void {
  const s = useLog.getState();
  if (s.state === 'loading') tailDuringQuery = true;
  if (s.state !== 'ready') return;
  if (isFilterActive(s.filter)) {
    catchUp = false;
    requeryTimer ??= setTimeout(() => void requery(), REQUERY_MS);
    return;
  }
  if (catchUp) {
    catchUp = false;
    void requery();
    return;
  }
  const top = s.pending.length > 0 ? s.pending : s.messages;
  take(newerThan(top, batch));
}
