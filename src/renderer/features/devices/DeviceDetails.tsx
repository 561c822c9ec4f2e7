// Details of the selected device: every field the device reported, its state, actions and channels.
import { useState } from 'react';
import type { DeviceDetails as Details, DeviceSummary } from '../../../shared/contract';
import { api } from '../../api/client';
import { showDeviceMessages } from '../../app/navigate';
import { errorText } from '../../api/errors';
import { countKey, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { wordServerText } from '../../i18n/server-text';
import type { MessageKey } from '../../i18n/en';
import { Dialog } from '../../ui/Dialog';
import { ActionError, Badge, ProblemNote, Progress } from '../../ui/Notice';
import { useNow } from '../../ui/useNow';
import { DeviceOperations } from '../control/DeviceOperations';
import { DeviceChannels } from './DeviceChannels';
import { DeviceEditForm } from './DeviceEditForm';
import { useDevices } from './device-store';
import { onlineChannelCount } from './tree-rows';
import { useDeviceDetails } from './useDeviceDetails';

type RefreshWhat = 'info' | 'status' | 'catalog';
const REFRESH: { what: RefreshWhat; label: MessageKey; running: MessageKey }[] = [
  { what: 'info', label: 'details.refreshInfo', running: 'details.refreshingInfo' },
  { what: 'status', label: 'details.refreshStatus', running: 'details.refreshingStatus' },
  { what: 'catalog', label: 'details.refreshCatalog', running: 'details.refreshingCatalog' },
];

export function DeviceDetails() {
  const t = useT();
  const deviceId = useDevices((s) => s.selectedDeviceId);
  const { details, summary, error, loading, reload, setDetails } = useDeviceDetails(deviceId);
  const [running, setRunning] = useState<RefreshWhat | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);

  if (!deviceId) {
    return (
      <section className="details" aria-label={t('details.heading')}>
        <p className="muted">{t('details.pick')}</p>
      </section>
    );
  }

  // The live summary from events wins over the fetched copy for the fields both carry.
  const view: (Details & DeviceSummary) | DeviceSummary | null = details ? { ...details, ...(summary ?? {}) } : (summary ?? null);
  const name = view?.name || deviceId;

  const refresh = async (what: RefreshWhat) => {
    setRunning(what);
    setActionError(null);
    const poll = what === 'catalog' ? setInterval(() => void reload(), 1000) : null;
    try {
      setDetails(await api.invoke('device.refresh', { deviceId, what }));
    } catch (err) {
      setActionError(errorText(err, t));
    } finally {
      if (poll) clearInterval(poll);
      setRunning(null);
    }
  };

  return (
    <section className="details" aria-labelledby="details-heading">
      <header className="details-head">
        <h2 id="details-heading">{name}</h2>
        {view && <Badge online={view.online} onText={t('common.online')} offText={t('common.offline')} />}
      </header>
      <p className="muted mono">{deviceId}</p>
      {error != null && !view && <ProblemNote testId="details-problem">{errorText(error, t)}</ProblemNote>}
      {loading && !view && <p className="muted">{t('tree.loading')}</p>}
      <div className="toolbar" role="group" aria-label={t('details.actions')}>
        {REFRESH.map((r) => (
          <button key={r.what} type="button" onClick={() => void refresh(r.what)} disabled={running !== null}>
            {t(r.label)}
          </button>
        ))}
        <button type="button" onClick={() => showDeviceMessages(deviceId)}>
          {t('problems.messages')}
        </button>
        <button type="button" className="danger" onClick={() => setConfirmRemove(true)}>
          {t('details.remove')}
        </button>
      </div>
      {running && (
        <div className="progress-row">
          <Progress
            label={t(REFRESH.find((r) => r.what === running)!.running)}
            value={running === 'catalog' && details?.catalog.expected ? details.catalog.received : undefined}
            max={running === 'catalog' && details?.catalog.expected ? details.catalog.expected : undefined}
          />
          <span>{t(REFRESH.find((r) => r.what === running)!.running)}</span>
        </div>
      )}
      {actionError && <ActionError>{actionError}</ActionError>}
      {view && <DeviceFacts view={view} />}
      {/* keyed: selecting another device starts its form afresh in the same render, so nothing typed meanwhile is
          overwritten by a late reset */}
      {view && <DeviceEditForm key={`edit-${view.deviceId}`} device={view} onSaved={(d) => details && setDetails({ ...details, ...d })} />}
      <DeviceChannels deviceId={deviceId} />
      {view && <DeviceOperations key={`operations-${deviceId}`} deviceId={deviceId} name={name} gbVersion={view.gbVersion} online={view.online} />}
      {details && <ReportedFields details={details} />}
      {details && details.events.length > 0 && <DeviceEvents details={details} />}
      {confirmRemove && <RemoveDialog deviceId={deviceId} name={name} onClose={() => setConfirmRemove(false)} />}
    </section>
  );
}

function DeviceFacts({ view }: { view: DeviceSummary | (Details & DeviceSummary) }) {
  const t = useT();
  const f = useFormat();
  const now = useNow();
  const catalog = 'catalog' in view ? view.catalog : null;
  const rows: [MessageKey, React.ReactNode][] = [
    ['details.manufacturer', view.manufacturer ?? '—'],
    ['details.model', view.model ?? '—'],
    ['details.firmware', view.firmware ?? '—'],
    ['details.address', `${view.transport} ${view.address}`],
    ['details.gbVersion', view.gbVersion ?? t('details.gbVersionNone')],
    ['details.charset', view.charset],
    ['details.registered', f.dateTime(view.registeredAt)],
    // `now` ticks every 10 s, so a fresh keepalive would read "in 3 sec.": a past event is at most "now".
    [
      'details.lastSeen',
      view.lastSeenAt ? <time dateTime={new Date(view.lastSeenAt).toISOString()}>{`${f.dateTime(view.lastSeenAt)} (${f.ago(view.lastSeenAt, now)})`}</time> : '—',
    ],
    ['details.expires', view.expiresAt ? `${f.dateTime(view.expiresAt)} (${f.relative(view.expiresAt, now)})` : '—'],
    [
      'details.keepalive',
      t('details.keepaliveValue', { interval: view.keepaliveIntervalSec, count: view.keepaliveCount }) +
        ('keepaliveSource' in view ? ` (${t(`details.keepaliveSource.${view.keepaliveSource}`)})` : ''),
    ],
    ...('localAddress' in view ? [['details.localAddress', view.localAddress ?? '—'] as [MessageKey, React.ReactNode]] : []),
    ['details.channels', t('tree.channelCounts', { online: onlineChannelCount(view), total: view.channelCount })],
    ['details.password', view.hasOwnPassword ? t('details.ownPassword') : t('details.serverPassword')],
    ['details.mediaTransport', t(`transport.${view.mediaTransport}`)],
  ];
  return (
    <div className="details-section">
      <h3>{t('details.info')}</h3>
      <dl className="facts compact">
        {rows.map(([k, v]) => (
          <div key={k} className="fact">
            <dt>{t(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {catalog && (
          <div className="fact">
            <dt>{t('details.catalog')}</dt>
            <dd>
              {catalog.expected ? (
                <progress aria-label={t('details.catalogProgress')} value={catalog.received} max={catalog.expected} />
              ) : null}{' '}
              {t(catalog.complete ? 'details.catalogComplete' : 'details.catalogPartial', { received: catalog.received, expected: catalog.expected ?? '?' })}
              {catalog.updatedAt ? ` · ${f.dateTime(catalog.updatedAt)}` : ''}
            </dd>
          </div>
        )}
      </dl>
      {view.targetMismatch && (
        <p className="warning">
          {view.targetMismatchText
            ? t('details.targetMismatchSaid', { mismatch: wordServerText(t, view.targetMismatchText) })
            : t('details.targetMismatch', { target: view.targetMismatch })}
        </p>
      )}
      {view.lastError && <p className="warning">{t('details.lastError', { message: wordServerText(t, view.lastErrorText, view.lastError) })}</p>}
      {'otherSources' in view && view.otherSources.length > 0 && (
        <div className="warning">
          <p>{t('details.otherSources')}</p>
          <ul aria-label={t('details.otherSources')}>
            {view.otherSources.map((o) => (
              <li key={o.source}>{t(countKey(o.count, 'details.otherSource'), { source: o.source, what: o.what, count: o.count, time: f.dateTime(o.lastAt) })}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ReportedFields({ details }: { details: Details }) {
  const t = useT();
  const info = Object.entries(details.info);
  const status = details.status ? Object.entries(details.status) : [];
  return (
    <>
      <div className="details-section">
        <h3>{t('details.deviceInfo')}</h3>
        {info.length === 0 ? <p className="muted">{t('details.noneYet')}</p> : <KeyValues entries={info} label={t('details.deviceInfo')} />}
      </div>
      <div className="details-section">
        <h3>{t('details.deviceStatus')}</h3>
        {status.length === 0 ? <p className="muted">{t('details.noneYet')}</p> : <KeyValues entries={status} label={t('details.deviceStatus')} />}
      </div>
    </>
  );
}

function KeyValues({ entries, label }: { entries: [string, unknown][]; label: string }) {
  return (
    <dl className="facts compact" aria-label={label}>
      {entries.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd>{typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function DeviceEvents({ details }: { details: Details }) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="details-section">
      <h3 id="device-events">{t('details.events')}</h3>
      <ul className="events" aria-labelledby="device-events">
        {details.events.map((e, i) => (
          <li key={`${e.time}-${i}`}>
            <time dateTime={new Date(e.time).toISOString()}>{f.dateTime(e.time)}</time> {wordServerText(t, e.text, e.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RemoveDialog({ deviceId, name, onClose }: { deviceId: string; name: string; onClose(): void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('device.remove', { deviceId });
      useDevices.getState().forgetDevice(deviceId);
      useDevices.getState().select(null);
      onClose();
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('remove.title', { name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
            {t('remove.confirm')}
          </button>
        </>
      }
    >
      <p>{t('remove.body', { id: deviceId })}</p>
      {error && <ActionError>{error}</ActionError>}
    </Dialog>
  );
}
