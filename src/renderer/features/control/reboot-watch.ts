// Reboots the console is waiting on, answered by the device.rebooted event (kept across panel remounts).
import { create } from 'zustand';
import type { DeviceRebooted } from '../../../shared/contract';
import { api } from '../../api/client';

export type RebootState = { phase: 'waiting'; since: number } | { phase: 'back'; tookMs: number } | { phase: 'lost' };

interface RebootWatchState {
  byDevice: ReadonlyMap<string, RebootState>;
  waiting(deviceId: string): void;
  forget(deviceId: string): void;
}

export const useRebootWatch = create<RebootWatchState>((set) => ({
  byDevice: new Map(),
  waiting(deviceId) {
    listen();
    set((s) => ({ byDevice: new Map(s.byDevice).set(deviceId, { phase: 'waiting', since: Date.now() }) }));
  },
  forget(deviceId) {
    set((s) => {
      const byDevice = new Map(s.byDevice);
      byDevice.delete(deviceId);
      return { byDevice };
    });
  },
}));

let listening = false;
function listen(): void {
  if (listening) return;
  listening = true;
  api.on('device.rebooted', (e: DeviceRebooted) => {
    useRebootWatch.setState((s) => ({
      byDevice: new Map(s.byDevice).set(e.deviceId, e.tookMs === null ? { phase: 'lost' } : { phase: 'back', tookMs: e.tookMs }),
    }));
  });
}
