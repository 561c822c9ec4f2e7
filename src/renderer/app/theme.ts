// The console's theme: the system's, or light or dark as chosen (kept in this browser), as data-theme on <html>.
import { create } from 'zustand';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
const THEME_KEY = 'gb.theme';

function saved(): Theme {
  const v = localStorage.getItem(THEME_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

function apply(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

interface ThemeState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

export const useTheme = create<ThemeState>((set) => ({
  theme: saved(),
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    apply(theme);
    set({ theme });
  },
}));

apply(useTheme.getState().theme);
