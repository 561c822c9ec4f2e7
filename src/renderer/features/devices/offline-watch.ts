// Devices that went offline while the console is open, for one grouped toast; a device back online leaves it.
import { create } from 'zustand';
import { useDevices } from './device-store';

/** Kept at most: the toast names a few and counts the rest. */
const MAX_KEPT = 1000;

interface OfflineToastState {
  /** Oldest first. */
  deviceIds: readonly string[];
  dismiss(): void;
}

export const useOfflineToast = create<OfflineToastState>((set) => ({
  deviceIds: [],
  dismiss: () => set({ deviceIds: [] }),
}));

let started = false;

export function startOfflineWatch(): void {
  if (started) return;
  started = true;
  useDevices.subscribe((s, prev) => {
    if (s.devices === prev.devices || prev.listState !== 'ready') return;
    const wentOffline: string[] = [];
    const back = new Set<string>();
    for (const [id, d] of s.devices) {
      const before = prev.devices.get(id);
      if (before === d || !before) continue;
      if (before.online && !d.online) wentOffline.push(id);
      else if (!before.online && d.online) back.add(id);
    }
    if (wentOffline.length === 0 && back.size === 0) return;
    const { deviceIds } = useOfflineToast.getState();
    const fresh = new Set(wentOffline);
    const next = [...deviceIds.filter((id) => !back.has(id) && !fresh.has(id)), ...wentOffline].slice(-MAX_KEPT);
    useOfflineToast.setState({ deviceIds: next });
  });
}
