// Alarm fields in the installer's words.
import type { AlarmEntry } from '../../../shared/contract';
import type { TextKey, TranslateAll } from '../../i18n';

export function methodText(t: TranslateAll, method: number | null): string {
  return method && method >= 1 && method <= 7 ? t(`alarms.method.${method}` as TextKey) : '—';
}

export function priorityText(t: TranslateAll, priority: number | null): string {
  return priority && priority >= 1 && priority <= 4 ? t(`alarms.priority.${priority}` as TextKey) : '—';
}

/** The device's own words, else what kind of alarm it is. */
export function alarmDescription(t: TranslateAll, a: AlarmEntry): string {
  return a.description || [methodText(t, a.method), a.type ? `#${a.type}` : ''].filter(Boolean).join(' ');
}
