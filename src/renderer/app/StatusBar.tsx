// The status bar: SIP listen addresses and the server's counters (from 'server.stats').
import { useT } from '../i18n';
import { useFormat } from '../i18n/format';
import { useServer } from './server-store';

export function StatusBar() {
  const t = useT();
  const f = useFormat();
  const status = useServer((s) => s.status);
  const stats = useServer((s) => s.stats);
  const dash = '—';
  return (
    <footer className="statusbar" aria-label={t('statusbar.label')}>
      <span data-testid="statusbar-sip">
        <span className="muted">{t('statusbar.sip')}</span> {status ? status.sipListen.map((l) => `${l.transport.toUpperCase()} ${l.ip}:${l.port}`).join(', ') : dash}
      </span>
      <span data-testid="statusbar-devices">
        <span className="muted">{t('statusbar.devices')}</span> {stats ? `${f.number(stats.devicesOnline)}/${f.number(stats.devicesTotal)}` : dash}
      </span>
      <span data-testid="statusbar-sessions">
        <span className="muted">{t('statusbar.sessions')}</span> {stats ? f.number(stats.sessionsOpen) : dash}
      </span>
      <span data-testid="statusbar-rate">
        <span className="muted">{t('statusbar.rate')}</span> {stats ? f.number(Math.round(stats.messagesPerSec)) : dash}
      </span>
    </footer>
  );
}
