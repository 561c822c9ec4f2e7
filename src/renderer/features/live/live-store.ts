// Open live-view sessions (kept current by live.started / live.stats / live.ended) and the tiles that show them.
// The entry point other features use is startLive(); everything else stays inside features/live.
import { create } from 'zustand';
import type { LiveEnded, LiveSession, MediaTransport } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorCode, errorText } from '../../api/errors';
import { translate, useLanguage, type Translate } from '../../i18n';
import { emptyTiles, endSession, GRID_SIZES, placeSlot, removeSlot, resizeGrid, sessionsInTiles, updateSlot, type GridSize, type Tiles, type TileSlot } from './tile-slots';

export type { GridSize } from './tile-slots';

/** 'device': the transport set for the device (its details); otherwise this transport for new views. */
export type TransportChoice = 'device' | MediaTransport;

interface LiveState {
  sessions: readonly LiveSession[];
  /** Recently ended sessions with the reason, newest first. */
  ended: readonly LiveEnded[];
  listState: 'idle' | 'loading' | 'ready' | 'error';
  listError: unknown;
  grid: GridSize;
  tiles: Tiles;
  transport: TransportChoice;
  load(): Promise<void>;
  /** Leaves a session (one viewer less; the server hangs up after the last). */
  stop(sessionId: string): Promise<void>;
  /** Stops what a tile plays and empties it. */
  stopTile(key: string): Promise<void>;
  stopAll(): Promise<void>;
  /** Empties a tile that shows why its session ended or failed. */
  closeTile(key: string): void;
  setGrid(grid: GridSize): void;
  setTransport(t: TransportChoice): void;
}

const GRID_KEY = 'gb.liveGrid';
const TRANSPORT_KEY = 'gb.liveTransport';

const t: Translate = (key, vars) => translate(useLanguage.getState().language, key, vars);

function upsert(list: readonly LiveSession[], items: readonly LiveSession[]): LiveSession[] {
  const map = new Map(list.map((s) => [s.sessionId, s]));
  for (const s of items) map.set(s.sessionId, s);
  return [...map.values()].sort((a, b) => a.startedAt - b.startedAt);
}

function savedGrid(): GridSize {
  const n = Number(localStorage.getItem(GRID_KEY));
  return GRID_SIZES.includes(n as GridSize) ? (n as GridSize) : 4;
}

function savedTransport(): TransportChoice {
  const v = localStorage.getItem(TRANSPORT_KEY);
  return v === 'udp' || v === 'tcp-passive' || v === 'tcp-active' ? v : 'device';
}

/**
 * Tiles stopped before live.start answered, and whether live.stop already went out for them (the id came with
 * live.started); otherwise their session is left as soon as live.start returns it.
 */
const abandoned = new Map<string, boolean>();
let nextKey = 1;

export const useLive = create<LiveState>((set, get) => ({
  sessions: [],
  ended: [],
  listState: 'idle',
  listError: null,
  grid: savedGrid(),
  tiles: emptyTiles(),
  transport: savedTransport(),
  async load() {
    const first = get().listState === 'idle';
    set({ listState: 'loading', listError: null });
    try {
      const sessions = await api.invoke('live.list', {});
      set({ sessions: upsert([], sessions), listState: 'ready' });
      if (first) adoptOpenSessions(sessions);
    } catch (err) {
      set({ listState: 'error', listError: err });
    }
  },
  async stop(sessionId) {
    const tiles = get().tiles.map((s) => (s?.sessionId === sessionId ? null : s));
    set({ tiles });
    await api.invoke('live.stop', { sessionId });
  },
  async stopTile(key) {
    const slot = get().tiles.find((s) => s?.key === key);
    set({ tiles: removeSlot(get().tiles, key) });
    if (!slot || (slot.phase !== 'open' && slot.phase !== 'starting')) return;
    if (slot.phase === 'starting') abandoned.set(key, slot.sessionId !== null);
    if (slot.sessionId) await api.invoke('live.stop', { sessionId: slot.sessionId });
  },
  async stopAll() {
    const { tiles, sessions } = get();
    for (const s of tiles) if (s?.phase === 'starting') abandoned.set(s.key, s.sessionId !== null);
    // Each tile joined its session once (one viewer each), so a session in two tiles is left twice; a session this
    // window does not show (e.g. started before a reload) is left as often as it has viewers.
    const leaves = new Map<string, number>();
    for (const s of tiles) if (s?.sessionId && (s.phase === 'open' || s.phase === 'starting')) leaves.set(s.sessionId, (leaves.get(s.sessionId) ?? 0) + 1);
    for (const s of sessions) leaves.set(s.sessionId, Math.max(leaves.get(s.sessionId) ?? 0, s.viewers));
    set({ tiles: emptyTiles() });
    const calls = [...leaves].flatMap(([sessionId, n]) => Array.from({ length: n }, () => sessionId));
    const results = await Promise.allSettled(calls.map((sessionId) => api.invoke('live.stop', { sessionId })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  },
  closeTile(key) {
    const slot = get().tiles.find((s) => s?.key === key);
    if (slot && (slot.phase === 'ended' || slot.phase === 'failed')) set({ tiles: removeSlot(get().tiles, key) });
  },
  setGrid(grid) {
    localStorage.setItem(GRID_KEY, String(grid));
    set({ grid, tiles: resizeGrid(get().tiles, grid) });
  },
  setTransport(transport) {
    localStorage.setItem(TRANSPORT_KEY, transport);
    set({ transport });
  },
}));

/** After a reload, sessions still open on the server show in the tiles again (this window started them). */
function adoptOpenSessions(sessions: readonly LiveSession[]): void {
  for (const s of sessions) {
    const { tiles, grid } = useLive.getState();
    if (s.viewers === 0 || sessionsInTiles(tiles).has(s.sessionId)) continue;
    const placed = placeSlot(tiles, grid, newSlot(s.deviceId, s.channelId, s.channelId, s.sessionId));
    if (!placed.ok) return;
    useLive.setState({ tiles: placed.tiles, grid: placed.grid });
  }
}

function newSlot(deviceId: string, channelId: string, name: string, sessionId: string | null): TileSlot {
  return { key: `tile-${nextKey++}`, deviceId, channelId, name, sessionId, phase: sessionId ? 'open' : 'starting', pressedAt: performance.now() };
}

/** Every tile plays something: stop one first. */
export class TilesFullError extends Error {}

/** The server's sentences about live view already say what to check; only transport failures need a lead-in. */
export function liveErrorText(err: unknown): string {
  const code = errorCode(err);
  return err instanceof Error && code !== null && code !== 'internal' && code !== 'unauthorized' ? err.message : errorText(err, t);
}

export interface StartOptions {
  /** Tile index (0-based) to play in, replacing what it shows; default the first free tile. */
  tile?: number;
  /** This start is the one automatic reconnect after stalled video. */
  autoReconnect?: boolean;
  /** The channel's name for the tile heading. */
  name?: string;
}

/**
 * Starts live view of a channel (or joins the session already running for it) in a tile; the tile shows progress
 * at once and the reason if it fails. Resolves with the session once it plays.
 */
export async function startLive(deviceId: string, channelId: string, transport?: MediaTransport, options: StartOptions = {}): Promise<LiveSession> {
  const state = useLive.getState();
  const chosen = transport ?? (state.transport === 'device' ? undefined : state.transport);
  const slot = { ...newSlot(deviceId, channelId, options.name ?? channelId, null), ...(options.autoReconnect ? { autoReconnected: true } : {}) };
  const replaced = options.tile !== undefined ? state.tiles[options.tile] : null;
  const placed = placeSlot(state.tiles, state.grid, slot, options.tile);
  if (!placed.ok) throw new TilesFullError(t('live.tilesFull'));
  useLive.setState({ tiles: placed.tiles, grid: placed.grid });
  if (replaced && replaced.sessionId && replaced.phase === 'open') {
    api.invoke('live.stop', { sessionId: replaced.sessionId }).catch(() => undefined);
  } else if (replaced?.phase === 'starting') {
    abandoned.set(replaced.key, replaced.sessionId !== null);
    if (replaced.sessionId) api.invoke('live.stop', { sessionId: replaced.sessionId }).catch(() => undefined);
  }
  try {
    const session = await api.invoke('live.start', chosen ? { deviceId, channelId, transport: chosen } : { deviceId, channelId });
    const now = useLive.getState();
    useLive.setState({ sessions: upsert(now.sessions, [session]) });
    const left = abandoned.get(slot.key);
    abandoned.delete(slot.key);
    if (left !== undefined || !now.tiles.some((s) => s?.key === slot.key)) {
      // Stopped (or replaced) while starting: leave the session this call joined, unless that already happened.
      if (!left) await api.invoke('live.stop', { sessionId: session.sessionId }).catch(() => undefined);
    } else {
      useLive.setState({ tiles: updateSlot(now.tiles, slot.key, { sessionId: session.sessionId, phase: 'open' }) });
    }
    return session;
  } catch (err) {
    abandoned.delete(slot.key);
    const message = t('channels.playFailed', { name: slot.name, message: liveErrorText(err) });
    useLive.setState({ tiles: updateSlot(useLive.getState().tiles, slot.key, { phase: 'failed', message }) });
    throw err;
  }
}

api.on('live.started', (s) => {
  const { sessions, tiles } = useLive.getState();
  // A tile still waiting for live.start learns its session here, so Stop can CANCEL the INVITE.
  const waiting = tiles.find((x) => x && x.phase === 'starting' && !x.sessionId && x.deviceId === s.deviceId && x.channelId === s.channelId);
  useLive.setState({
    sessions: upsert(sessions, [s]),
    tiles: waiting ? updateSlot(tiles, waiting.key, { sessionId: s.sessionId }) : tiles,
  });
});
api.on('live.stats', (list) => {
  // live.stats lists every open session: one missing from it has ended (live.ended says why).
  const open = new Set(list.map((s) => s.sessionId));
  const kept = useLive.getState().sessions.filter((s) => open.has(s.sessionId));
  useLive.setState({ sessions: upsert(kept, list) });
});
/** Whether a tile whose video stalled starts again by itself, once (localStorage; on unless set to '0'). */
export const AUTO_RECONNECT_KEY = 'gb.liveAutoReconnect';

api.on('live.ended', (e) => {
  const { sessions, ended, tiles } = useLive.getState();
  const stalled = e.text?.code === 'live.stalled' && localStorage.getItem(AUTO_RECONNECT_KEY) !== '0';
  const again = stalled ? tiles.findIndex((s) => s?.sessionId === e.sessionId && s.phase === 'open' && !s.autoReconnected) : -1;
  useLive.setState({
    sessions: sessions.filter((s) => s.sessionId !== e.sessionId),
    ended: [e, ...ended.filter((x) => x.sessionId !== e.sessionId)].slice(0, 20),
    tiles: endSession(tiles, e.sessionId, e.reason, e.text),
  });
  if (again >= 0) {
    const slot = tiles[again]!;
    startLive(slot.deviceId, slot.channelId, undefined, { tile: again, name: slot.name, autoReconnect: true }).catch(() => undefined);
  }
});
