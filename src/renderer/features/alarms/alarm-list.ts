// The alarm list's rules: the filter as the server applies it, newest first, bounded.
import type { AlarmEntry, AlarmFilter } from '../../../shared/contract';

/** Alarms kept for the list. */
export const MAX_ALARMS = 1000;

export function matchesFilter(a: AlarmEntry, f: AlarmFilter): boolean {
  if (f.deviceId && a.deviceId !== f.deviceId) return false;
  if (f.channelId && a.channelId !== f.channelId) return false;
  if (f.unacknowledged && a.acknowledgedAt !== null) return false;
  if (f.priority && a.priority !== f.priority) return false;
  if (f.method && a.method !== f.method) return false;
  return true;
}

/** An alarm added or replaced (acknowledged) in a newest-first list, bounded. */
export function upsertAlarm(list: readonly AlarmEntry[], a: AlarmEntry): AlarmEntry[] {
  const i = list.findIndex((x) => x.id === a.id);
  if (i >= 0) return list.map((x) => (x.id === a.id ? a : x));
  return [a, ...list].sort((x, y) => y.id - x.id).slice(0, MAX_ALARMS);
}

