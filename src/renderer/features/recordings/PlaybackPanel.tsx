// The playback picture and its controls: play / pause / resume, stop, speed, snapshot, where it is.
import { useState } from 'react';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { wordServerText } from '../../i18n/server-text';
import { downloadBlob, snapshotFileName } from '../live/file-names';
import { displayCodec, type PlayerStats } from '../live/player';
import { ActionError } from '../../ui/Notice';
import { clockText } from './time-axis';
import { speedText, useRecT, type RecTranslate } from './texts';
import type { Playback, PlaybackState } from './use-playback';

export interface PlaybackPanelProps {
  playback: Playback;
  channelId: string;
  position: number | null;
  speeds: number[];
  canPlay: boolean;
  onPlay(): void;
}

export function PlaybackPanel({ playback, channelId, position, speeds, canPlay, onPlay }: PlaybackPanelProps) {
  const t = useRecT();
  const tApp = useT();
  const { state, stats } = playback;
  const [note, setNote] = useState<((t: RecTranslate) => string) | null>(null);
  const open = state.phase === 'open';
  const playing = stats?.phase === 'playing';

  const snapshot = async () => {
    const blob = await playback.snapshot();
    if (!blob) return setNote(() => (tr: RecTranslate) => tr('rec.snapshotNone'));
    const fileName = snapshotFileName(channelId, new Date((position ?? Date.now() / 1000) * 1000));
    downloadBlob(blob, fileName);
    setNote(() => (tr: RecTranslate) => tr('rec.snapshotSaved', { file: fileName }));
  };

  const main = !open ? (
    <button type="button" className="primary" disabled={!canPlay || state.phase === 'starting'} onClick={onPlay}>
      {t('rec.play')}
    </button>
  ) : state.paused ? (
    <button type="button" className="primary" onClick={() => void playback.resume()}>
      {t('rec.resume')}
    </button>
  ) : (
    <button type="button" className="primary" onClick={() => void playback.pause()}>
      {t('rec.pause')}
    </button>
  );

  return (
    <section className="rec-player">
      <div className="rec-video">
        <canvas ref={playback.canvasRef} role="img" aria-label={t('rec.video')} className={playing ? '' : 'idle'} width={16} height={9} />
      </div>
      <div className="rec-controls toolbar">
        {main}
        <button type="button" disabled={state.phase === 'idle'} onClick={playback.stop}>
          {t('rec.stop')}
        </button>
        <label className="inline-field">
          {t('rec.speed')}
          <select aria-label={t('rec.speed')} value={String(state.speed)} onChange={(e) => void playback.setSpeed(Number(e.target.value))}>
            {speeds.map((s) => (
              <option key={s} value={String(s)}>
                {speedText(s)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!playing} onClick={() => void snapshot()}>
          {t('rec.snapshot')}
        </button>
        <span className="rec-position">
          {t('rec.position')}: <output data-testid="rec-position">{position === null ? '—' : clockText(position, true)}</output>
        </span>
      </div>
      <p className="rec-status" role="status" data-testid="rec-status">
        {statusText(t, tApp, state, stats, position)}
      </p>
      {state.error != null && state.phase !== 'failed' ? <ActionError>{errorText(state.error, tApp)}</ActionError> : null}
      {note && (
        <p className="muted small" aria-live="polite" data-testid="rec-note">
          {note(t)}
        </p>
      )}
    </section>
  );
}

function statusText(t: RecTranslate, tApp: ReturnType<typeof useT>, s: PlaybackState, stats: PlayerStats | null, position: number | null): string {
  if (s.phase === 'idle') return t('rec.status.idle');
  if (s.phase === 'starting') return t('rec.status.starting', { time: s.range ? clockText(s.range.start, true) : '' });
  if (s.phase === 'failed') return t('rec.status.failed', { reason: errorText(s.error, tApp) });
  if (s.phase === 'ended') return t('rec.status.ended', { reason: wordServerText(tApp, s.ended?.text, s.ended?.reason ?? '') });
  if (stats?.phase === 'ended') return t('rec.status.ended', { reason: stats.problem ?? '' });
  if (stats?.phase === 'unsupported') return t('rec.status.unsupported', { codec: displayCodec(stats.codec) });
  if (s.paused) return t('rec.status.paused', { time: position === null ? '—' : clockText(position, true) });
  if (stats?.phase !== 'playing') return t('rec.status.waiting');
  return t('rec.status.playing', { speed: speedText(s.speed) });
}
