// The signalling log view's data: one page of log.query results plus the live tail from 'log.message'.
// Filtering happens in the backend's SQL. Without a filter, tail batches go straight on top; with one, a batch
// only triggers a fresh log.query (throttled) whose newer rows go on top.
import { create } from 'zustand';
import type { LogFilter, LogMessage, LogQueryResult } from '../../../shared/contract';
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
  /**
   * The last page stopped at the server's time budget: rows from this id up were searched, older ones not yet
   * (LogQueryResult.searchedTo). Older pages go on from here.
   */
  searchedTo: number | null;
  /** The stored time of the message at searchedTo (LogQueryResult.searchedToTime), when the server gave it. */
  searchedToTime: number | null;
  /** 'stalled': the server's last older page got no further back, so the same page is not asked for again. */
  olderState: 'idle' | 'loading' | 'error' | 'stalled';
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
/** The `before` of the last answered older page of this query: never asked for twice in a row. */
let lastOlderBefore: number | null = null;

const NOT_STOPPED = { searchedTo: null, searchedToTime: null };

/** Where a page's search stopped (nothing when it did not, or `more` is false). */
function stopOf(r: LogQueryResult, more = true): Pick<LogState, 'searchedTo' | 'searchedToTime'> {
  return more && r.searchedTo !== undefined ? { searchedTo: r.searchedTo, searchedToTime: r.searchedToTime ?? null } : NOT_STOPPED;
}

/** Where the next older page starts: where a stopped search got to, else below the oldest row listed. */
function olderFrom(s: Pick<LogState, 'messages' | 'searchedTo'>): number | null {
  if (s.searchedTo !== null) return s.searchedTo;
  return s.messages.length > 0 ? s.messages[s.messages.length - 1].id : null;
}

export const useLog = create<LogState>((set, get) => ({
  draft: EMPTY_DRAFT,
  filter: {},
  messages: [],
  state: 'idle',
  error: null,
  hasMore: false,
  ...NOT_STOPPED,
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
    lastOlderBefore = null;
    set({ filter, state: 'loading', error: null, pending: [], paused: false, olderState: 'idle', scrollToTopSeq: get().scrollToTopSeq + 1 });
    try {
      const r = await api.invoke('log.query', { ...filter, limit: PAGE_SIZE });
      if (gen !== generation) return;
      set({ messages: [...r.messages].sort((a, b) => b.id - a.id), hasMore: r.hasMore, ...stopOf(r, r.hasMore), state: 'ready' });
      if (tailDuringQuery) {
        tailDuringQuery = false;
        void requery();
      }
    } catch (err) {
      if (gen === generation) set({ state: 'error', error: err, messages: [], hasMore: false, ...NOT_STOPPED });
    }
  },

  reload() {
    return get().query(get().filter);
  },

  async loadOlder() {
    const { hasMore, olderState, filter, state } = get();
    if (!hasMore || olderState === 'loading' || state !== 'ready') return;
    const before = olderFrom(get());
    if (before === null) return;
    if (before === lastOlderBefore) {
      set({ olderState: 'stalled' });
      return;
    }
    const gen = generation;
    set({ olderState: 'loading', olderError: null });
    try {
      const r = await api.invoke('log.query', { ...filter, limit: PAGE_SIZE, before });
      if (gen !== generation) return;
      lastOlderBefore = before;
      const list = appendOlder(get().messages, r.messages);
      const more = r.hasMore && list.length < HISTORY_CAP;
      const next = { messages: list.slice(0, HISTORY_CAP), ...stopOf(r, more) };
      set({ ...next, hasMore: more, olderState: more && olderFrom(next) === before ? 'stalled' : 'idle' });
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
      ...(merged.trimmed ? NOT_STOPPED : {}),
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
  useLog.setState({ messages: r.list, hasMore: s.hasMore || r.trimmed, ...(r.trimmed ? NOT_STOPPED : {}) });
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
      lastOlderBefore = null;
      useLog.setState({ messages: newer, hasMore: true, ...stopOf(r), olderState: 'idle' });
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
