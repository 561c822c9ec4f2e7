import { describe, expect, it } from 'vitest';
import { emptyTiles, endSession, gridFor, hiddenBusy, placeSlot, removeSlot, resizeGrid, sessionsInTiles, updateSlot, type TileSlot, type Tiles } from './tile-slots';

let n = 0;
function slot(patch: Partial<TileSlot> = {}): TileSlot {
  n++;
  return { key: `k${n}`, deviceId: 'd', channelId: `c${n}`, name: `c${n}`, sessionId: `s${n}`, phase: 'open', pressedAt: 0, ...patch };
}

function place(tiles: Tiles, grid: 1 | 4 | 9, s: TileSlot, preferred?: number) {
  const r = placeSlot(tiles, grid, s, preferred);
  if (!r.ok) throw new Error('full');
  return r;
}

describe('tile slots', () => {
  it('fills the first free visible tile', () => {
    const a = slot();
    const b = slot();
    let r = place(emptyTiles(), 4, a);
    expect(r.index).toBe(0);
    r = place(r.tiles, 4, b);
    expect(r.index).toBe(1);
    expect(r.grid).toBe(4);
  });

  it('reuses a tile that shows why its session ended', () => {
    const ended = slot({ phase: 'ended', message: 'camera sent BYE' });
    const tiles = place(emptyTiles(), 1, ended).tiles;
    const r = place(tiles, 1, slot());
    expect(r.index).toBe(0);
    expect(r.grid).toBe(1);
  });

  it('grows the grid when every visible tile is busy: 1 -> 4 -> 9', () => {
    let r = place(emptyTiles(), 1, slot());
    r = place(r.tiles, r.grid, slot());
    expect(r).toMatchObject({ index: 1, grid: 4 });
    for (let i = 0; i < 3; i++) r = place(r.tiles, r.grid, slot());
    expect(r).toMatchObject({ index: 4, grid: 9 });
  });

  it('refuses a tenth channel', () => {
    let tiles = emptyTiles();
    for (let i = 0; i < 9; i++) tiles = place(tiles, 9, slot()).tiles;
    expect(placeSlot(tiles, 9, slot())).toEqual({ ok: false, reason: 'full' });
  });

  it('puts a dropped channel in the tile it was dropped on, replacing what plays there', () => {
    const a = slot();
    const tiles = place(emptyTiles(), 4, a).tiles;
    const b = slot();
    const r = place(tiles, 4, b, 0);
    expect(r.tiles[0]).toBe(b);
    expect(r.tiles.filter(Boolean)).toHaveLength(1);
    expect(place(tiles, 4, slot(), 3).index).toBe(3);
  });

  it('a smaller grid moves busy tiles to the front and counts the ones that do not fit', () => {
    let tiles = emptyTiles();
    const a = slot();
    const b = slot();
    tiles = place(tiles, 9, a, 2).tiles;
    tiles = place(tiles, 9, b, 7).tiles;
    const four = resizeGrid(tiles, 4);
    expect(four.slice(0, 2)).toEqual([a, b]);
    expect(hiddenBusy(four, 4)).toBe(0);
    const one = resizeGrid(tiles, 1);
    expect(one[0]).toBe(a);
    expect(hiddenBusy(one, 1)).toBe(1);
    expect(one.filter(Boolean)).toHaveLength(2);
  });

  it('leaves tiles alone when everything busy already fits', () => {
    const tiles = place(emptyTiles(), 9, slot(), 1).tiles;
    expect(resizeGrid(tiles, 4)).toBe(tiles);
  });

  it('marks only the open tiles of an ended session, with the reason', () => {
    const a = slot({ sessionId: 'S' });
    const b = slot({ sessionId: 'other' });
    let tiles = place(emptyTiles(), 4, a).tiles;
    tiles = place(tiles, 4, b).tiles;
    const after = endSession(tiles, 'S', 'no video within 5 s');
    expect(after[0]).toMatchObject({ phase: 'ended', message: 'no video within 5 s' });
    expect(after[1]).toBe(b);
    expect(endSession(after, 'unknown', 'x')).toBe(after);
  });

  it('updates and removes by key; sessionsInTiles lists open sessions only', () => {
    const a = slot({ sessionId: null, phase: 'starting' });
    let tiles = place(emptyTiles(), 4, a).tiles;
    expect(sessionsInTiles(tiles).size).toBe(0);
    tiles = updateSlot(tiles, a.key, { sessionId: 'S1', phase: 'open' });
    expect([...sessionsInTiles(tiles)]).toEqual(['S1']);
    tiles = removeSlot(tiles, a.key);
    expect(tiles.every((s) => s === null)).toBe(true);
    expect(removeSlot(tiles, 'nope')).toBe(tiles);
  });

  it('picks the smallest grid that shows a count', () => {
    expect([0, 1, 2, 4, 5, 9, 12].map(gridFor)).toEqual([1, 1, 4, 4, 9, 9, 9]);
  });
});
