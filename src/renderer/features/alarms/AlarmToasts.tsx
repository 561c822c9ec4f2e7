// A toast for every alarm raised while the console is open: who, what, acknowledge or go to the Alarms tab.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/errors';
import { useNav } from '../../app/nav-store';
import { useTx } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useDevices } from '../devices/device-store';
import { alarmDescription } from './alarm-words';
import { useAlarms } from './alarm-store';
import './alarms.css';

export function AlarmToasts() {
  const t = useTx();
  const f = useFormat();
  const toasts = useAlarms((s) => s.toasts);
  const devices = useDevices((s) => s.devices);
  const [failed, setFailed] = useState<{ id: number; text: string } | null>(null);
  useEffect(() => useAlarms.getState().start(), []);
  if (toasts.length === 0) return null;
  return (
    <div className="alarm-toasts" aria-live="assertive">
      {toasts.map((a) => {
        const device = devices.get(a.deviceId)?.name || a.deviceId;
        return (
          <div key={a.id} role="alert" className="alarm-toast" data-testid="alarm-toast">
            <p className="alarm-toast-title">
              <strong>{t('alarms.toastTitle')}</strong> <time>{f.dateTime(a.time ?? a.receivedAt)}</time>
            </p>
            <p>{t('alarms.toast', { device, description: alarmDescription(t, a) })}</p>
            <p className="muted small mono">{a.channelId}</p>
            <div className="alarm-toast-actions">
              <button
                type="button"
                className="small"
                onClick={() => {
                  useAlarms.getState().dismissToast(a.id);
                  useNav.getState().setTab('alarms');
                }}
              >
                {t('alarms.toastShow')}
              </button>
              <button
                type="button"
                className="small"
                onClick={() => void useAlarms.getState().ack(a.id).catch((err) => setFailed({ id: a.id, text: errorText(err, t) }))}
              >
                {t('alarms.ack')}
              </button>
              <button type="button" className="small" onClick={() => useAlarms.getState().dismissToast(a.id)}>
                {t('alarms.toastDismiss')}
              </button>
            </div>
            {failed?.id === a.id && <p className="error small">{failed.text}</p>}
          </div>
        );
      })}
    </div>
  );
}
