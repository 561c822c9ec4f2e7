// Which live tiles show their PTZ pad (by tile key).
import { create } from 'zustand';

interface TilePtzState {
  open: ReadonlySet<string>;
  toggle(tileKey: string): void;
}

export const useTilePtz = create<TilePtzState>((set) => ({
  open: new Set(),
  toggle(tileKey) {
    set((s) => {
      const open = new Set(s.open);
      if (!open.delete(tileKey)) open.add(tileKey);
      return { open };
    });
  },
}));
