import { useState } from 'react';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useServer } from '../../app/server-store';

export function StatusPage() {
  const t = useT();
  const f = useFormat();
  const { status, settings } = useServer();
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  if (!status || !settings) return null;
  const password = settings.values.password;

  const copy = async () => {
    await navigator.clipboard?.writeText(password).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section aria-labelledby="status-heading" className="page">
      <h2 id="status-heading">{t('status.heading')}</h2>
      <dl className="facts">
        <dt>{t('status.sipId')}</dt>
        <dd data-testid="status-sip-id">{status.sipId}</dd>
        <dt>{t('status.domain')}</dt>
        <dd data-testid="status-domain">{status.domain}</dd>
        <dt>{t('status.listen')}</dt>
        <dd>
          <ul className="plain" aria-label={t('status.listen')}>
            {status.sipListen.map((l) => (
              <li key={`${l.transport}-${l.ip}-${l.port}`}>
                {l.transport.toUpperCase()} {l.ip}:{l.port}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('status.password')}</dt>
        <dd className="password-row">
          <code aria-label={t('status.password')}>{revealed ? password : '•'.repeat(Math.max(8, password.length))}</code>
          <button type="button" onClick={() => setRevealed(!revealed)} aria-pressed={revealed}>
            {revealed ? t('status.hide') : t('status.reveal')}
          </button>
          <button type="button" onClick={copy}>
            {copied ? t('status.copied') : t('status.copy')}
          </button>
        </dd>
        {status.httpUrl && (
          <>
            <dt>{t('status.console')}</dt>
            <dd>{status.httpUrl}</dd>
          </>
        )}
        <dt>{t('status.version')}</dt>
        <dd>
          {status.productName} {status.version}
        </dd>
        <dt>{t('status.uptime')}</dt>
        <dd data-testid="status-uptime">{f.duration(status.uptimeSec)}</dd>
        <dt>{t('status.dataDir')}</dt>
        <dd>{status.dataDir}</dd>
      </dl>
    </section>
  );
}
