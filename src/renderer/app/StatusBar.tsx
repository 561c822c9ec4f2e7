// The status bar: SIP listen addresses, the server's counters (from 'server.stats'), and what needs looking at
// from any tab: registration problems and offline devices, each a way to them.
import { useDevices } from '../features/devices/device-store';
import { useFailures } from '../features/devices/failures-store';
import { useT } from '../i18n';
import { useFormat } from '../i18n/format';
import { useNav } from './nav-store';
import { useServer } from './server-store';

export function StatusBar() {
  const t = useT();
  const f = useFormat();
  const status = useServer((s) => s.status);
  const stats = useServer((s) => s.stats);
  const problems = useFailures((s) => s.failures.length);
  const dash = '—';
  const offline = stats ? stats.devicesTotal - stats.devicesOnline : 0;
  return (
    <footer className="statusbar" aria-label={t('statusbar.label')}>
      <span data-testid="statusbar-sip">
        <span className="muted">{t('statusbar.sip')}</span> {status ? status.sipListen.map((l) => `${l.transport.toUpperCase()} ${l.ip}:${l.port}`).join(', ') : dash}
      </span>
      <span data-testid="statusbar-devices">
        <span className="muted">{t('statusbar.devices')}</span> {stats ? `${f.number(stats.devicesOnline)}/${f.number(stats.devicesTotal)}` : dash}
      </span>
      {offline > 0 && (
        <button
          type="button"
          className="statusbar-link warn"
          data-testid="statusbar-offline"
          onClick={() => {
            useDevices.getState().setOfflineOnly(true);
            useNav.getState().setTab('devices');
          }}
        >
          {t('statusbar.offline')} {f.number(offline)}
        </button>
      )}
      {problems > 0 && (
        <button
          type="button"
          className="statusbar-link warn"
          data-testid="statusbar-problems"
          onClick={() => {
            useDevices.getState().setPanel('problems');
            useNav.getState().setTab('devices');
          }}
        >
          {t('statusbar.problems')} {f.number(problems)}
        </button>
      )}
      <span data-testid="statusbar-sessions">
        <span className="muted">{t('statusbar.sessions')}</span> {stats ? f.number(stats.sessionsOpen) : dash}
      </span>
      <span data-testid="statusbar-rate">
        <span className="muted">{t('statusbar.rate')}</span> {stats ? f.number(Math.round(stats.messagesPerSec)) : dash}
      </span>
    </footer>
  );
}
