// Alarms as the console holds them: the list for the Alarms tab (with its filter), unacknowledged counts per device
// for the tree badge, and toasts for alarms raised while the console is open.
import { create } from 'zustand';
import type { AlarmEntry, AlarmFilter } from '../../../shared/contract';
import { api } from '../../api/client';
import { matchesFilter, upsertAlarm } from './alarm-list';
import { UnackedAlarms } from './unacked-alarms';

/** Toasts shown at once; older ones give way. */
const MAX_TOASTS = 3;

export interface AlarmState {
  alarms: AlarmEntry[];
  filter: AlarmFilter;
  state: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  toasts: AlarmEntry[];
  /** Unacknowledged alarms per reporting device (from the last unfiltered read plus events). */
  unacked: ReadonlyMap<string, number>;
  setFilter(f: AlarmFilter): void;
  load(): Promise<void>;
  ack(alarmId: number): Promise<void>;
  dismissToast(id: number): void;
  start(): void;
}

let started = false;

export const useAlarms = create<AlarmState>((set, get) => {
  // The unacknowledged counts come from every device's alarms, whatever filter the tab shows.
  const unacked = new UnackedAlarms();
  const recount = async () => {
    const read = unacked.startRead();
    try {
      const { alarms } = await api.invoke('alarm.list', { unacknowledged: true, limit: 1000 });
      unacked.finishRead(read, alarms);
      set({ unacked: unacked.counts() });
    } catch {
      // the badge waits for the next event
      unacked.abandonRead(read);
    }
  };
  return {
    alarms: [],
    filter: {},
    state: 'idle',
    error: null,
    toasts: [],
    unacked: new Map(),
    setFilter(filter) {
      set({ filter });
      void get().load();
    },
    async load() {
      set({ state: 'loading' });
      try {
        const { alarms } = await api.invoke('alarm.list', { ...get().filter, limit: 500 });
        set({ alarms, state: 'ready', error: null });
      } catch (error) {
        set({ state: 'error', error });
      }
    },
    async ack(alarmId) {
      const { alarm } = await api.invoke('alarm.ack', { alarmId });
      applyAck(alarm);
    },
    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) }));
    },
    start() {
      if (started) return;
      started = true;
      api.on('alarm.raised', (a) => {
        unacked.raised(a);
        set((s) => ({
          alarms: matchesFilter(a, s.filter) ? upsertAlarm(s.alarms, a) : s.alarms,
          toasts: [a, ...s.toasts.filter((x) => x.id !== a.id)].slice(0, MAX_TOASTS),
          unacked: unacked.counts(),
        }));
      });
      api.on('alarm.acknowledged', (a) => applyAck(a));
      void recount();
    },
  };

  function applyAck(a: AlarmEntry) {
    unacked.acknowledged(a);
    set((s) => ({
      unacked: unacked.counts(),
      alarms: s.alarms.map((x) => (x.id === a.id ? a : x)).filter((x) => x.id !== a.id || matchesFilter(x, s.filter)),
      toasts: s.toasts.filter((x) => x.id !== a.id),
    }));
    void recount();
  }
});
