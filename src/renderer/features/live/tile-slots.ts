// Which channel plays in which tile: nine slots, of which the grid (1, 4 or 9) shows the first ones.
import type { ServerText } from '../../../shared/texts';

export type GridSize = 1 | 4 | 9;
export const GRID_SIZES: readonly GridSize[] = [1, 4, 9];
export const MAX_TILES = 9;

export interface TileSlot {
  /** Unique per press of Play, so React remounts the player. */
  key: string;
  deviceId: string;
  channelId: string;
  name: string;
  /** Null while live.start is in flight. */
  sessionId: string | null;
  /** open: started (or starting); ended: the server ended it; failed: live.start was refused. */
  phase: 'starting' | 'open' | 'ended' | 'failed';
  /** Why it ended or failed, in the installer's words. */
  message?: string;
  /** The server's reason as a code and parameters, worded in the console's language when shown. */
  text?: ServerText;
  /** Started again by itself after its video stalled (it does so once). */
  autoReconnected?: boolean;
  /** performance.now() when Play was pressed (for the time to the first picture). */
  pressedAt: number;
}

export type Tiles = readonly (TileSlot | null)[];

export const emptyTiles = (): Tiles => Array.from({ length: MAX_TILES }, () => null);

export function gridFor(count: number): GridSize {
  return GRID_SIZES.find((g) => g >= count) ?? 9;
}

/** A slot nothing plays in: empty, or showing why its session ended. */
const isFree = (s: TileSlot | null): boolean => s === null || s.phase === 'ended' || s.phase === 'failed';

export type PlaceResult = { ok: true; tiles: Tiles; grid: GridSize; index: number } | { ok: false; reason: 'full' };

/**
 * Puts a slot in tile `preferred` (replacing what is there) or in the first free tile; when the grid has none,
 * the grid grows so the new tile is visible.
 */
export function placeSlot(tiles: Tiles, grid: GridSize, slot: TileSlot, preferred?: number): PlaceResult {
  let index = preferred !== undefined && preferred >= 0 && preferred < MAX_TILES ? preferred : tiles.findIndex(isFree);
  if (index < 0) return { ok: false, reason: 'full' };
  // A free tile past the visible ones is only used when every visible tile is busy.
  if (preferred === undefined) {
    const visibleFree = tiles.slice(0, grid).findIndex(isFree);
    if (visibleFree >= 0) index = visibleFree;
  }
  const next = [...tiles];
  next[index] = slot;
  return { ok: true, tiles: next, grid: index < grid ? grid : gridFor(index + 1), index };
}

export function updateSlot(tiles: Tiles, key: string, patch: Partial<TileSlot>): Tiles {
  return tiles.some((s) => s?.key === key) ? tiles.map((s) => (s?.key === key ? { ...s, ...patch } : s)) : tiles;
}

export function removeSlot(tiles: Tiles, key: string): Tiles {
  return tiles.some((s) => s?.key === key) ? tiles.map((s) => (s?.key === key ? null : s)) : tiles;
}

/** Marks the tiles of a session the server ended; the tile keeps the reason until reused or closed. */
export function endSession(tiles: Tiles, sessionId: string, reason: string, text?: ServerText): Tiles {
  if (!tiles.some((s) => s?.sessionId === sessionId && s.phase === 'open')) return tiles;
  return tiles.map((s) => (s?.sessionId === sessionId && s.phase === 'open' ? { ...s, phase: 'ended' as const, message: reason, ...(text ? { text } : {}) } : s));
}

/**
 * A smaller grid: busy tiles move to the front (in their order) so the visible tiles show video; busy tiles that
 * still do not fit keep their sessions and are counted by `hiddenBusy`.
 */
export function resizeGrid(tiles: Tiles, grid: GridSize): Tiles {
  const busy = tiles.filter((s): s is TileSlot => s !== null && !isFree(s));
  if (busy.every((s) => tiles.indexOf(s) < grid)) return tiles;
  const rest = tiles.filter((s) => s !== null && isFree(s));
  const ordered = [...busy, ...rest.slice(0, Math.max(0, grid - busy.length))];
  return Array.from({ length: MAX_TILES }, (_, i) => ordered[i] ?? null);
}

export function hiddenBusy(tiles: Tiles, grid: GridSize): number {
  return tiles.slice(grid).filter((s) => s !== null && !isFree(s)).length;
}

/** Session ids shown (or starting) in tiles. */
export function sessionsInTiles(tiles: Tiles): Set<string> {
  return new Set(tiles.flatMap((s) => (s?.sessionId && s.phase === 'open' ? [s.sessionId] : [])));
}
