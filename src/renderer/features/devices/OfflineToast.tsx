// One toast for the devices that went offline while the console is open: named when few, counted when many.
import { useEffect } from 'react';
import { useNav } from '../../app/nav-store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useDevices } from './device-store';
import { deviceLabel } from './names';
import { startOfflineWatch, useOfflineToast } from './offline-watch';

const NAMED = 3;

export function OfflineToast() {
  const t = useT();
  const f = useFormat();
  const ids = useOfflineToast((s) => s.deviceIds);
  const devices = useDevices((s) => s.devices);
  const channels = useDevices((s) => s.channels);
  useEffect(startOfflineWatch, []);
  if (ids.length === 0) return null;
  const newest = [...ids].reverse();
  const names = newest.slice(0, NAMED).map((id) => deviceLabel({ devices, channels }, id));
  const listed = newest.length > NAMED ? t('offline.more', { names: names.join(t('common.listSeparator')), n: f.number(newest.length - NAMED) }) : names.join(t('common.listSeparator'));
  return (
    <div className="offline-toast" role="status" aria-label={t('offline.toastTitle')} data-testid="offline-toast">
      <p>
        <strong>{t('offline.toastTitle')}</strong> {ids.length === 1 ? t('offline.one', { name: names[0] }) : t('offline.many', { n: f.number(ids.length), names: listed })}
      </p>
      <div className="offline-toast-actions">
        <button
          type="button"
          className="small"
          onClick={() => {
            useDevices.getState().setOfflineOnly(true);
            useNav.getState().setTab('devices');
            useOfflineToast.getState().dismiss();
          }}
        >
          {t('offline.show')}
        </button>
        <button type="button" className="small" onClick={() => useOfflineToast.getState().dismiss()}>
          {t('offline.dismiss')}
        </button>
      </div>
    </div>
  );
}
