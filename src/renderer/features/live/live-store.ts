// Open live-view sessions, kept current by live.started / live.stats / live.ended.
// The only entry point other features use is startLive(); everything else stays inside features/live.
import { create } from 'zustand';
import type { LiveEnded, LiveSession, MediaTransport } from '../../../shared/contract';
import { api } from '../../api/client';

export type GridSize = 1 | 4 | 9;

interface LiveState {
  sessions: readonly LiveSession[];
  /** Recently ended sessions with the reason, newest first. */
  ended: readonly LiveEnded[];
  listState: 'idle' | 'loading' | 'ready' | 'error';
  listError: unknown;
  grid: GridSize;
  load(): Promise<void>;
  stop(sessionId: string): Promise<void>;
  stopAll(): Promise<void>;
  setGrid(grid: GridSize): void;
}

const GRID_KEY = 'gb.liveGrid';

function upsert(list: readonly LiveSession[], items: readonly LiveSession[]): LiveSession[] {
  const map = new Map(list.map((s) => [s.sessionId, s]));
  for (const s of items) map.set(s.sessionId, s);
  return [...map.values()].sort((a, b) => a.startedAt - b.startedAt);
}

export const useLive = create<LiveState>((set, get) => ({
  sessions: [],
  ended: [],
  listState: 'idle',
  listError: null,
  grid: (Number(localStorage.getItem(GRID_KEY)) as GridSize) || 4,
  async load() {
    set({ listState: 'loading', listError: null });
    try {
      const sessions = await api.invoke('live.list', {});
      set({ sessions: upsert([], sessions), listState: 'ready' });
    } catch (err) {
      set({ listState: 'error', listError: err });
    }
  },
  async stop(sessionId) {
    await api.invoke('live.stop', { sessionId });
    set({ sessions: get().sessions.filter((s) => s.sessionId !== sessionId) });
  },
  async stopAll() {
    const ids = get().sessions.map((s) => s.sessionId);
    const results = await Promise.allSettled(ids.map((sessionId) => api.invoke('live.stop', { sessionId })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const stopped = new Set(ids.filter((_, i) => results[i].status === 'fulfilled'));
    set({ sessions: get().sessions.filter((s) => !stopped.has(s.sessionId)) });
    if (failed) throw failed.reason;
  },
  setGrid(grid) {
    localStorage.setItem(GRID_KEY, String(grid));
    set({ grid });
  },
}));

/** Starts live view of a channel (or joins the running session); the session appears in the Live tab. */
export async function startLive(deviceId: string, channelId: string, transport?: MediaTransport): Promise<LiveSession> {
  const session = await api.invoke('live.start', transport ? { deviceId, channelId, transport } : { deviceId, channelId });
  useLive.setState({ sessions: upsert(useLive.getState().sessions, [session]) });
  return session;
}

api.on('live.started', (s) => useLive.setState({ sessions: upsert(useLive.getState().sessions, [s]) }));
api.on('live.stats', (list) => useLive.setState({ sessions: upsert(useLive.getState().sessions, list) }));
api.on('live.ended', (e) => {
  const { sessions, ended } = useLive.getState();
  useLive.setState({ sessions: sessions.filter((s) => s.sessionId !== e.sessionId), ended: [e, ...ended].slice(0, 20) });
});
