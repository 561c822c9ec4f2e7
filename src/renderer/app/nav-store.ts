import { create } from 'zustand';

export type MainTab = 'live' | 'recordings' | 'devices' | 'alarms' | 'signalling' | 'server' | 'settings';
export const MAIN_TABS: readonly MainTab[] = ['live', 'recordings', 'devices', 'alarms', 'signalling', 'server', 'settings'];

const TAB_KEY = 'gb.tab';

function initialTab(): MainTab {
  const saved = localStorage.getItem(TAB_KEY);
  // A first start lands on the server page: it shows what to type into the first camera.
  return (MAIN_TABS as readonly string[]).includes(saved ?? '') ? (saved as MainTab) : 'server';
}

interface NavState {
  tab: MainTab;
  setTab(tab: MainTab): void;
}

export const useNav = create<NavState>((set) => ({
  tab: initialTab(),
  setTab(tab) {
    localStorage.setItem(TAB_KEY, tab);
    set({ tab });
  },
}));
