// Download of the selected range (speed as the channel allows) and the list of downloads: progress bar, rate,
// time left, state, cancel; a finished file is saved through the browser.
import { useEffect, useRef, useState } from 'react';
import type { DownloadView } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { wordServerText } from '../../i18n/server-text';
import { useFormat } from '../../i18n/format';
import { CopyButton } from '../../ui/CopyButton';
import { ActionError } from '../../ui/Notice';
import { isoDay } from './calendar';
import { canFetchFiles, saveDownloadFile } from './download-file';
import { useRecordings } from './recordings-store';
import { clockText } from './time-axis';
import { useRecT, type RecKey } from './texts';

const FINISHED = new Set(['done', 'truncated', 'failed', 'cancelled']);
const HAS_FILE = new Set(['done', 'truncated']);

export function DownloadRange({ speeds, channelName }: { speeds: number[]; channelName: (channelId: string) => string }) {
  const t = useRecT();
  const tApp = useT();
  const f = useFormat();
  const { pick, selection, setSelection, addMine, upsertDownload } = useRecordings();
  const [speed, setSpeed] = useState(() => Math.min(4, speeds[speeds.length - 1] ?? 1));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!speeds.includes(speed)) setSpeed(Math.min(4, speeds[speeds.length - 1] ?? 1));
  }, [speeds, speed]);

  const start = async () => {
    if (!pick || !selection) return;
    setBusy(true);
    setError(null);
    try {
      const { downloadId } = await api.invoke('download.start', { ...pick, start: selection.start, end: selection.end, speed });
      addMine(downloadId);
      upsertDownload({ downloadId, state: 'queued', progress: 0, bytes: 0, ...pick, start: selection.start, end: selection.end, speed });
    } catch (err) {
      setError(errorText(err, tApp));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rec-download" aria-label={t('rec.download')}>
      <div className="toolbar">
        <span data-testid="rec-selection-text">
          {selection
            ? t('rec.selection', { from: clockText(selection.start, true), to: clockText(selection.end, true), duration: f.duration(selection.end - selection.start) })
            : t('rec.noSelection')}
        </span>
        {selection && (
          <button type="button" className="small" onClick={() => setSelection(null)}>
            {t('rec.clearSelection')}
          </button>
        )}
        <label className="inline-field">
          {t('rec.downloadSpeed')}
          <select aria-label={t('rec.downloadSpeed')} value={String(speed)} onChange={(e) => setSpeed(Number(e.target.value))}>
            {speeds.map((s) => (
              <option key={s} value={String(s)}>
                {s}x
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={!pick?.channelId || !selection || busy} onClick={() => void start()}>
          {t('rec.download')}
        </button>
      </div>
      {error && <ActionError>{error}</ActionError>}
      <DownloadList channelName={channelName} />
    </section>
  );
}

function DownloadList({ channelName }: { channelName: (channelId: string) => string }) {
  const t = useRecT();
  const tApp = useT();
  const { downloads, loadDownloads, upsertDownload } = useRecordings();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Record<string, string>>({});
  const saving = useRef(new Set<string>());

  const save = async (d: DownloadView) => {
    if (saving.current.has(d.downloadId)) return;
    saving.current.add(d.downloadId);
    try {
      const name = await saveDownloadFile(d.downloadId, d.path);
      setSaved((s) => ({ ...s, [d.downloadId]: t('rec.saved', { file: name }) }));
    } catch (err) {
      setSaved((s) => ({ ...s, [d.downloadId]: t('rec.fetchFailed', { reason: errorText(err, tApp) }) }));
    } finally {
      saving.current.delete(d.downloadId);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    loadDownloads().catch((err) => setLoadError(errorText(err, tApp)));
    const offProgress = api.on('download.progress', (d) => upsertDownload(d));
    const offDone = api.on('download.done', (d) => {
      upsertDownload(d);
      if (HAS_FILE.has(d.state) && useRecordings.getState().mine.has(d.downloadId) && canFetchFiles()) void saveRef.current(d);
    });
    return () => {
      offProgress();
      offDone();
    };
  }, [loadDownloads, upsertDownload]); // eslint-disable-line react-hooks/exhaustive-deps

  const rows = [...downloads].reverse();
  return (
    <div className="rec-downloads">
      <h3>{t('rec.downloads')}</h3>
      {loadError && <p className="muted small">{loadError}</p>}
      {rows.length === 0 ? (
        <p className="muted small">{t('rec.noDownloads')}</p>
      ) : (
        <ul className="plain" aria-label={t('rec.downloads')}>
          {rows.map((d) => (
            <DownloadRow key={d.downloadId} d={d} name={channelName(d.channelId)} note={saved[d.downloadId]} onSave={() => void save(d)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DownloadRow({ d, name, note, onSave }: { d: DownloadView; name: string; note?: string; onSave(): void }) {
  const t = useRecT();
  const tApp = useT();
  const f = useFormat();
  const [error, setError] = useState<string | null>(null);
  const pct = Math.round(Math.min(1, Math.max(0, d.progress)) * 100);
  const range = { channel: name, from: `${isoDay(new Date(d.start * 1000))} ${clockText(d.start, true)}`, to: clockText(d.end, true) };
  const running = d.state === 'running';
  const cancel = async () => {
    setError(null);
    try {
      await api.invoke('download.cancel', { downloadId: d.downloadId });
    } catch (err) {
      setError(errorText(err, tApp));
    }
  };
  return (
    <li className={`rec-dl ${d.state}`} aria-label={t('rec.downloadOf', range)} data-testid={`download-${d.downloadId}`}>
      <div className="rec-dl-head">
        <span className="ellipsis">
          {name} <span className="muted">{`${range.from}–${range.to}`}</span> <span className="muted">{d.speed}x</span>
        </span>
        <span className={`badge dl-${d.state}`} data-testid="download-state">
          {t(`rec.state.${d.state}` as RecKey)}
        </span>
      </div>
      <div className="rec-dl-bar">
        <div
          className="rec-bar"
          role="progressbar"
          aria-label={t('rec.progressOf', range)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-valuetext={`${pct}%`}
        >
          <div className="rec-bar-fill" style={{ width: `${pct}%` }} />
        </div>
        <span className="num" data-testid="download-percent">
          {pct}%
        </span>
      </div>
      <div className="rec-dl-facts small">
        <span>{f.bytes(d.bytes)}</span>
        {running && d.rateBps != null && <span>{t('rec.rate', { rate: f.bytes(d.rateBps) })}</span>}
        {running && d.etaSec != null && <span>{t('rec.eta', { eta: f.duration(d.etaSec) })}</span>}
        {d.reason && FINISHED.has(d.state) && d.state !== 'done' && <span className="muted">{wordServerText(tApp, d.reasonText, d.reason)}</span>}
      </div>
      <div className="rec-dl-actions">
        {(d.state === 'queued' || running) && (
          <button type="button" className="small" aria-label={t('rec.cancelOf', range)} onClick={() => void cancel()}>
            {t('rec.cancel')}
          </button>
        )}
        {HAS_FILE.has(d.state) && canFetchFiles() && (
          <button type="button" className="small" aria-label={t('rec.saveOf', range)} onClick={onSave}>
            {t('rec.save')}
          </button>
        )}
        {HAS_FILE.has(d.state) && d.path && !canFetchFiles() && (
          <span className="small">
            {t('rec.savedAt', { path: d.path })} <CopyButton value={d.path} label={tApp('common.copy')} />
          </span>
        )}
        {note && (
          <span className="small" aria-live="polite" data-testid="download-note">
            {note}
          </span>
        )}
      </div>
      {error && <ActionError>{error}</ActionError>}
    </li>
  );
}
