// Devices that tried to register and failed, live from 'registration.failed'.
import { create } from 'zustand';
import type { RegistrationFailure } from '../../../shared/contract';
import { api } from '../../api/client';

interface FailureState {
  failures: readonly RegistrationFailure[];
  state: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  load(): Promise<void>;
  dismiss(deviceId: string): Promise<void>;
  /** Dismisses many entries, a few requests at a time; resolves with how many were dismissed. */
  dismissMany(deviceIds: readonly string[]): Promise<number>;
}

const BULK_AT_ONCE = 16;

function sortNewest(list: RegistrationFailure[]): RegistrationFailure[] {
  return list.sort((a, b) => b.lastAt - a.lastAt);
}

export const useFailures = create<FailureState>((set, get) => ({
  failures: [],
  state: 'idle',
  error: null,
  async load() {
    set({ state: 'loading', error: null });
    try {
      const list = await api.invoke('registration.failures', {});
      // Keep failures reported by events while the list was on its way, when they are newer.
      const merged = new Map(list.map((f) => [f.deviceId, f]));
      for (const f of get().failures) if ((merged.get(f.deviceId)?.lastAt ?? -1) < f.lastAt) merged.set(f.deviceId, f);
      set({ failures: sortNewest([...merged.values()]), state: 'ready' });
    } catch (err) {
      set({ state: 'error', error: err });
    }
  },
  async dismiss(deviceId) {
    await api.invoke('registration.clearFailure', { deviceId });
    set({ failures: get().failures.filter((f) => f.deviceId !== deviceId) });
  },
  async dismissMany(deviceIds) {
    const done = new Set<string>();
    let firstError: unknown = null;
    for (let i = 0; i < deviceIds.length; i += BULK_AT_ONCE) {
      const batch = deviceIds.slice(i, i + BULK_AT_ONCE);
      const results = await Promise.allSettled(batch.map((deviceId) => api.invoke('registration.clearFailure', { deviceId })));
      results.forEach((r, j) => (r.status === 'fulfilled' ? done.add(batch[j]) : (firstError ??= r.reason)));
      set({ failures: get().failures.filter((f) => !done.has(f.deviceId)) });
    }
    if (firstError !== null) throw firstError;
    return done.size;
  },
}));

api.on('registration.failed', (failure) => {
  const rest = useFailures.getState().failures.filter((f) => f.deviceId !== failure.deviceId);
  useFailures.setState({ failures: sortNewest([failure, ...rest]) });
});
