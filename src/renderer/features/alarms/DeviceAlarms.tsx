// A device's alarms and mobile position in its details: Alarm subscription, Query Alarm history, MobilePosition
// subscription, the latest position and the track as a plot.
import { useCallback, useEffect, useState } from 'react';
import type { AlarmEntry, PositionEntry, SubscriptionStateView } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useTx, type TextKey } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { DateTimeInput } from '../../ui/DateTimeInput';
import { alarmDescription, methodText } from './alarm-words';
import { plotTrack } from './track-plot';
import './alarms.css';

const PLOT_W = 400;
const PLOT_H = 200;

export function DeviceAlarms({ deviceId }: { deviceId: string }) {
  return (
    <div className="device-alarms">
      <AlarmSubscription deviceId={deviceId} />
      <AlarmHistory deviceId={deviceId} />
      <Positions deviceId={deviceId} />
    </div>
  );
}

function useSubscription(deviceId: string, method: 'alarm.subscribe' | 'position.subscribe') {
  const t = useTx();
  const [state, setState] = useState<SubscriptionStateView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = async (on: boolean, intervalSec?: number) => {
    setBusy(true);
    setNote(null);
    try {
      const r =
        method === 'alarm.subscribe'
          ? await api.invoke('alarm.subscribe', { deviceId, on })
          : await api.invoke('position.subscribe', { deviceId, on, ...(intervalSec ? { intervalSec } : {}) });
      setState(r.state);
      setNote(r.reason ?? null);
    } catch (err) {
      setNote(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return { state, note, busy, set };
}

function AlarmSubscription({ deviceId }: { deviceId: string }) {
  const t = useTx();
  const sub = useSubscription(deviceId, 'alarm.subscribe');
  return (
    <fieldset>
      <legend>{t('alarms.heading')}</legend>
      <p className="muted small">{t('alarms.guardHint')}</p>
      <div className="row">
        <button type="button" disabled={sub.busy} onClick={() => void sub.set(true)}>
          {t('alarms.subscribe')}
        </button>
        <button type="button" disabled={sub.busy} onClick={() => void sub.set(false)}>
          {t('alarms.unsubscribe')}
        </button>
      </div>
      <p role="status" className="outcome-line">
        {sub.state ? t(`alarms.subState.${sub.state}` as TextKey) : ''} {sub.note ?? ''}
      </p>
    </fieldset>
  );
}

/** yyyy-MM-ddTHH:mm in local time, the value a DateTimeInput holds. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function AlarmHistory({ deviceId }: { deviceId: string }) {
  const t = useTx();
  const f = useFormat();
  const [from, setFrom] = useState(() => localInput(Date.now() - 24 * 3600_000));
  const [to, setTo] = useState(() => localInput(Date.now() + 60_000));
  const [result, setResult] = useState<{ answered: boolean; alarms: AlarmEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const query = async () => {
    setBusy(true);
    setError(null);
    try {
      const fromMs = new Date(from).getTime();
      const toMs = new Date(to).getTime();
      setResult(await api.invoke('alarm.query', { deviceId, ...(Number.isFinite(fromMs) ? { from: fromMs } : {}), ...(Number.isFinite(toMs) ? { to: toMs } : {}) }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset>
      <legend>{t('alarms.query')}</legend>
      <div className="row">
        <div className="field compact">
          <label htmlFor={`${deviceId}-alarm-from`}>{t('alarms.queryFrom')}</label>
          <DateTimeInput id={`${deviceId}-alarm-from`} value={from} onChange={setFrom} />
        </div>
        <div className="field compact">
          <label htmlFor={`${deviceId}-alarm-to`}>{t('alarms.queryTo')}</label>
          <DateTimeInput id={`${deviceId}-alarm-to`} value={to} onChange={setTo} />
        </div>
        <button type="button" disabled={busy} onClick={() => void query()}>
          {t('alarms.query')}
        </button>
      </div>
      {error && <p className="warning">{error}</p>}
      {result && (
        <>
          <p role="status" className="outcome-line">
            {result.answered ? t('alarms.queryResult', { n: result.alarms.length }) : t('alarms.queryNoAnswer')}
          </p>
          {result.alarms.length > 0 && (
            <ul className="plain small" aria-label={t('alarms.query')}>
              {result.alarms.slice(0, 100).map((a) => (
                <li key={a.id}>
                  {f.dateTime(a.time ?? a.receivedAt)} · {methodText(t, a.method)} · {alarmDescription(t, a)} <span className="muted mono">{a.channelId}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}

function Positions({ deviceId }: { deviceId: string }) {
  const t = useTx();
  const f = useFormat();
  const sub = useSubscription(deviceId, 'position.subscribe');
  const [interval, setIntervalSec] = useState('5');
  const [positions, setPositions] = useState<PositionEntry[]>([]);
  const load = useCallback(async () => {
    try {
      const r = await api.invoke('position.list', { deviceId, limit: 500 });
      setPositions(r.positions);
    } catch {
      // shown as "no position yet"
    }
  }, [deviceId]);
  useEffect(() => {
    void load();
    return api.on('position.updated', (p) => {
      if (p.deviceId === deviceId) setPositions((list) => [...list.filter((x) => x.id !== p.id), p].slice(-2000));
    });
  }, [deviceId, load]);
  const sorted = [...positions].sort((a, b) => (a.time ?? a.receivedAt) - (b.time ?? b.receivedAt));
  const located = sorted.filter((p): p is PositionEntry & { longitude: number; latitude: number } => p.longitude !== null && p.latitude !== null);
  const latest = located.at(-1);
  const pts = plotTrack(located, PLOT_W, PLOT_H);
  const n = Number(interval);
  return (
    <fieldset>
      <legend>{t('position.heading')}</legend>
      <div className="row">
        <label className="field compact">
          <span>{t('position.interval')}</span>
          <input type="number" min={1} max={3600} value={interval} onChange={(e) => setIntervalSec(e.target.value)} />
        </label>
        <button type="button" disabled={sub.busy || !(Number.isInteger(n) && n >= 1 && n <= 3600)} onClick={() => void sub.set(true, n)}>
          {t('position.subscribe')}
        </button>
        <button type="button" disabled={sub.busy} onClick={() => void sub.set(false)}>
          {t('position.unsubscribe')}
        </button>
        <button type="button" onClick={() => void load()}>
          {t('position.reload')}
        </button>
      </div>
      <p role="status" className="outcome-line">
        {sub.state ? t(`position.subState.${sub.state}` as TextKey) : ''} {sub.note ?? ''}
      </p>
      {latest ? (
        <p data-testid="position-latest">
          {t('position.latest', { lat: latest.latitude.toFixed(6), lon: latest.longitude.toFixed(6), time: f.dateTime(latest.time ?? latest.receivedAt) })}
          {latest.speed !== null && <span className="muted"> · {t('position.speed', { speed: latest.speed, direction: latest.direction ?? '—' })}</span>}
        </p>
      ) : (
        <p className="muted">{t('position.none')}</p>
      )}
      {pts.length > 0 && (
        <svg className="track-plot" viewBox={`0 0 ${PLOT_W} ${PLOT_H}`} role="img" aria-label={t('position.track', { n: pts.length })}>
          <polyline points={pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} />
          {pts.map((p, i) => (
            <circle key={i} cx={p.x} cy={p.y} r={i === pts.length - 1 ? 5 : 2.5} className={i === pts.length - 1 ? 'latest' : ''} />
          ))}
        </svg>
      )}
    </fieldset>
  );
}
