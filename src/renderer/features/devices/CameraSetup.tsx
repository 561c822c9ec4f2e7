// "How to configure a camera": exactly the values to type into the camera's GB/T 28181 page, with copy buttons.
import { SimulatedCameras } from './SimulatedCameras';
import { useState, type ReactNode } from 'react';
import type { ListenAddress } from '../../../shared/contract';
import { useServer } from '../../app/server-store';
import { useT } from '../../i18n';
import { CopyButton } from '../../ui/CopyButton';

/** The address this console page was opened at, when it is a LAN address (a hint for "this computer's IP"). */
function pageLanAddress(): string | null {
  const host = window.location.hostname;
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('127.') && host !== '0.0.0.0' ? host : null;
}

export function CameraSetup() {
  const t = useT();
  const { status, settings } = useServer();
  const [shown, setShown] = useState(false);
  if (!status || !settings) return null;

  const listen: ListenAddress[] = status.sipListen;
  const primary = listen.find((l) => l.transport === 'udp') ?? listen[0];
  const transports = [...new Set(listen.map((l) => l.transport.toUpperCase()))];
  const ports = [...new Set(listen.map((l) => l.port))];
  const wildcard = !primary || primary.ip === '0.0.0.0';
  const lan = pageLanAddress();
  const password = settings.values.password;
  const exampleId = `${status.domain}1320000001`;

  return (
    <section className="page wide" aria-labelledby="setup-heading">
      <h2 id="setup-heading">{t('setup.heading')}</h2>
      <p>{t('setup.intro')}</p>
      <dl className="setup-values">
        <Row label={t('setup.sipId')} testId="setup-sip-id" value={status.sipId} copy={t('setup.copy', { what: t('setup.sipId') })} />
        <Row label={t('setup.domain')} testId="setup-domain" value={status.domain} copy={t('setup.copy', { what: t('setup.domain') })} />
        {wildcard ? (
          <Row
            label={t('setup.ip')}
            testId="setup-ip"
            value={lan ?? undefined}
            copy={t('setup.copy', { what: t('setup.ip') })}
            text={
              <>
                {t('setup.thisComputer')}
                <small>{lan ? t('setup.thisComputerLan', { ip: lan }) : t('setup.thisComputerHint')}</small>
              </>
            }
          />
        ) : (
          <Row label={t('setup.ip')} testId="setup-ip" value={primary.ip} copy={t('setup.copy', { what: t('setup.ip') })} />
        )}
        <Row label={t('setup.port')} testId="setup-port" value={ports.join(' / ')} copy={t('setup.copy', { what: t('setup.port') })} />
        <Row
          label={t('setup.transport')}
          testId="setup-transport"
          text={
            <>
              {transports.length > 1 ? t('setup.transportBoth') : transports[0]}
              <small>{t('setup.transportHint')}</small>
            </>
          }
        />
        <Row
          label={t('setup.password')}
          testId="setup-password"
          copy={t('setup.copy', { what: t('setup.password') })}
          value={password}
          text={
            <span className="password-row">
              <code>{shown ? password : '•'.repeat(Math.max(8, password.length))}</code>
              <button type="button" className="small" aria-pressed={shown} onClick={() => setShown(!shown)}>
                {shown ? t('setup.hidePassword') : t('setup.showPassword')}
              </button>
            </span>
          }
        />
        <Row
          label={t('setup.deviceId')}
          testId="setup-device-id"
          text={
            <>
              {t('setup.deviceIdText', { domain: status.domain })}
              <small>{t('setup.deviceIdExample', { example: exampleId })}</small>
            </>
          }
        />
        <Row label={t('setup.expiry')} text={t('setup.expiryValue')} />
        <Row label={t('setup.keepalive')} text={t('setup.keepaliveValue')} />
      </dl>
      {settings.values.admissionMode === 'allowlist' && <p className="warning">{t('setup.allowlist')}</p>}
      <p className="muted">{t('setup.after')}</p>
      <SimulatedCameras />
    </section>
  );
}

function Row({ label, value, text, copy, testId }: { label: string; value?: string; text?: ReactNode; copy?: string; testId?: string }) {
  return (
    <div className="setup-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{text ?? <code>{value}</code>}</dd>
      <dd className="setup-copy">{copy && value ? <CopyButton value={value} label={copy} /> : null}</dd>
    </div>
  );
}
