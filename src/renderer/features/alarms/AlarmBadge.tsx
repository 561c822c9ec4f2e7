// The number of a device's unacknowledged alarms, for its row in the device tree.
import { useTx } from '../../i18n';
import { useAlarms } from './alarm-store';

export function AlarmBadge({ deviceId }: { deviceId: string }) {
  const t = useTx();
  const n = useAlarms((s) => s.unacked.get(deviceId) ?? 0);
  if (n === 0) return null;
  return (
    <span className="alarm-badge" title={t('alarms.badge', { n })} aria-label={t('alarms.badge', { n })} data-testid={`alarm-badge-${deviceId}`}>
      {n}
    </span>
  );
}

/** The same count as words, for a tree row's accessible name (null: no alarm waiting). */
export function useAlarmWords(): (deviceId: string) => string | null {
  const t = useTx();
  const unacked = useAlarms((s) => s.unacked);
  return (deviceId) => {
    const n = unacked.get(deviceId) ?? 0;
    return n > 0 ? t('alarms.badge', { n }) : null;
  };
}
