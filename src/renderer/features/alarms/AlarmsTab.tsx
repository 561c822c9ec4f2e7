// The Alarms tab: every stored alarm, newest first, filtered by device, state, priority and method; acknowledge.
import { useEffect, useState } from 'react';
import type { AlarmFilter } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import { useTx } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ActionError, ProblemNote } from '../../ui/Notice';
import { useDevices } from '../devices/device-store';
import { openDevice } from '../devices/open-device';
import { alarmDescription, methodText, priorityText } from './alarm-words';
import { useAlarms } from './alarm-store';
import './alarms.css';

export function AlarmsTab() {
  const t = useTx();
  const f = useFormat();
  const { alarms, filter, state, error, setFilter, load, ack } = useAlarms();
  const order = useDevices((s) => s.order);
  const devices = useDevices((s) => s.devices);
  const [ackError, setAckError] = useState<string | null>(null);
  useEffect(() => {
    useAlarms.getState().start();
    if (useAlarms.getState().state === 'idle') void useAlarms.getState().load();
  }, []);
  const patch = (p: Partial<AlarmFilter>) => {
    const next: AlarmFilter = { ...filter, ...p };
    for (const k of Object.keys(next) as (keyof AlarmFilter)[]) if (next[k] === undefined || next[k] === '' || next[k] === false) delete next[k];
    setFilter(next);
  };
  const onAck = (id: number) => {
    setAckError(null);
    ack(id).catch((err) => setAckError(errorText(err, t)));
  };
  return (
    <div className="alarms-tab">
      <div className="toolbar" role="group" aria-label={t('alarms.heading')}>
        <label className="inline-field">
          {t('alarms.device')}
          <select value={filter.deviceId ?? ''} onChange={(e) => patch({ deviceId: e.target.value || undefined })}>
            <option value="">{t('alarms.allDevices')}</option>
            {order.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.name && d.name !== d.deviceId ? `${d.name} (${d.deviceId})` : d.deviceId}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          {t('alarms.priority')}
          <select value={filter.priority ?? ''} onChange={(e) => patch({ priority: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">{t('alarms.any')}</option>
            {[1, 2, 3, 4].map((p) => (
              <option key={p} value={p}>
                {priorityText(t, p)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          {t('alarms.method')}
          <select value={filter.method ?? ''} onChange={(e) => patch({ method: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">{t('alarms.any')}</option>
            {[1, 2, 3, 4, 5, 6, 7].map((m) => (
              <option key={m} value={m}>
                {methodText(t, m)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={!!filter.unacknowledged} onChange={(e) => patch({ unacknowledged: e.target.checked })} />
          {t('alarms.unackOnly')}
        </label>
        <button type="button" onClick={() => void load()} disabled={state === 'loading'}>
          {t('alarms.reload')}
        </button>
      </div>
      {state === 'error' && <ProblemNote>{errorText(error, t)}</ProblemNote>}
      {ackError && <ActionError>{ackError}</ActionError>}
      {state === 'ready' && alarms.length === 0 ? (
        <p className="muted">{t('alarms.none')}</p>
      ) : (
        <div className="alarm-table-wrap">
          <table className="alarm-table" aria-label={t('alarms.tableLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('alarms.col.time')}</th>
                <th scope="col">{t('alarms.col.device')}</th>
                <th scope="col">{t('alarms.col.priority')}</th>
                <th scope="col">{t('alarms.col.method')}</th>
                <th scope="col">{t('alarms.col.description')}</th>
                <th scope="col">{t('alarms.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {alarms.map((a) => (
                <tr key={a.id} className={a.acknowledgedAt === null ? 'unacked' : ''}>
                  <td>
                    {f.dateTime(a.time ?? a.receivedAt)}
                    <div className="muted small">{a.via}</div>
                  </td>
                  <td>
                    <button type="button" className="link small" onClick={() => openDevice(a.deviceId)}>
                      {devices.get(a.deviceId)?.name || a.deviceId}
                    </button>
                    <div className="muted mono small">{a.channelId}</div>
                  </td>
                  <td className="num" title={priorityText(t, a.priority)}>
                    {a.priority ?? '—'}
                  </td>
                  <td className="nowrap">
                    {methodText(t, a.method)}
                    {a.type ? <span className="muted"> #{a.type}</span> : null}
                  </td>
                  <td className="desc">
                    {alarmDescription(t, a)}
                    {a.longitude !== null && a.latitude !== null && (
                      <div className="muted small">
                        {a.latitude.toFixed(5)}, {a.longitude.toFixed(5)}
                      </div>
                    )}
                  </td>
                  <td>
                    {a.acknowledgedAt === null ? (
                      <button type="button" className="small" aria-label={t('alarms.ackOf', { id: a.id })} onClick={() => onAck(a.id)}>
                        {t('alarms.ack')}
                      </button>
                    ) : (
                      <span className="muted">{t('alarms.acked', { time: f.dateTime(a.acknowledgedAt) })}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
