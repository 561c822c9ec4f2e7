import { create } from 'zustand';
import type { ServerStats, ServerStatus, SettingsView } from '../../shared/contract';
import { api } from '../api/client';

interface ServerState {
  status: ServerStatus | null;
  settings: SettingsView | null;
  stats: ServerStats | null;
  error: string | null;
  load(): Promise<void>;
  setStatus(status: ServerStatus): void;
  setSettings(settings: SettingsView): void;
}

export const useServer = create<ServerState>((set) => ({
  status: null,
  settings: null,
  stats: null,
  error: null,
  async load() {
    try {
      const [status, settings] = await Promise.all([api.invoke('server.status', {}), api.invoke('settings.get', { reveal: true })]);
      set({ status, settings, error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
      return;
    }
    try {
      set({ stats: await api.invoke('server.stats', {}) });
    } catch {
      // The status bar shows dashes until the first 'server.stats' event.
    }
  },
  setStatus: (status) => set({ status }),
  setSettings: (settings) => set({ settings }),
}));

api.on('server.statusChanged', (status) => useServer.getState().setStatus(status));
api.on('server.stats', (stats) => useServer.setState({ stats }));
