// One tile of the live grid: drop target when empty; otherwise the video, its stats, snapshot, recording and stop.
import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { LiveSession } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import { useT, type Translate } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { wordServerText } from '../../i18n/server-text';
import { readDraggedChannel, CHANNEL_DRAG_TYPE, type DraggedChannel } from './channel-drop';
import { downloadBlob, snapshotFileName } from './file-names';
import { useDevices } from '../devices/device-store';
import { useChannelLabel, useChannelLabeller } from '../devices/use-names';
import { PtzTileLayer, PtzTileToggle } from '../ptz/TilePtz';
import { startLive, useLive } from './live-store';
import { recordableCodec } from './mp4-recorder';
import { displayCodec, type PlayerStats } from './player';
import { size, tileStatusText } from './status-text';
import type { TileSlot } from './tile-slots';
import { usePlayer } from './use-player';
import { useRecorder, type RecordingEnd } from './use-recorder';

export interface TileProps {
  slot: TileSlot | null;
  /** 1-based position in the grid. */
  n: number;
  picked: DraggedChannel | null;
  onPlay(channel: DraggedChannel, tileIndex: number): void;
  onError(text: string): void;
  /** This tile fills the grid. */
  enlarged: boolean;
  onEnlarge(on: boolean): void;
}

/** A tile reattached after a reload knows only the channel ID: its name comes from the device tree once loaded. */
function useNamedSlot(slot: TileSlot | null): TileSlot | null {
  const name = useDevices((s) => (slot && slot.name === slot.channelId ? s.channels.get(slot.deviceId)?.find((c) => c.channelId === slot.channelId)?.name : undefined));
  return useMemo(() => (slot && name ? { ...slot, name } : slot), [slot, name]);
}

export function LiveTile({ slot: given, n, picked, onPlay, onError, enlarged, onEnlarge }: TileProps) {
  const t = useT();
  const slot = useNamedSlot(given);
  const [over, setOver] = useState(false);
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(CHANNEL_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    setOver(false);
    const c = readDraggedChannel(e.dataTransfer);
    if (!c) return;
    e.preventDefault();
    onPlay(c, n - 1);
  };
  const labeller = useChannelLabeller();
  const label = slot ? t('live.tileLabel', { n, channel: labeller(slot.deviceId, slot.channelId, slot.name) }) : t('live.tileEmpty', { n });
  return (
    <div
      role="listitem"
      aria-label={label}
      data-testid={`tile-${n}`}
      className={`live-tile${over ? ' drop' : ''}${enlarged ? ' is-enlarged' : ''}`}
      tabIndex={slot ? 0 : undefined}
      onDoubleClick={(e) => {
        if (!slot || (e.target as HTMLElement).closest('button')) return;
        onEnlarge(!enlarged);
      }}
      onKeyDown={(e: KeyboardEvent) => {
        if (!slot || e.target !== e.currentTarget) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          onEnlarge(!enlarged);
        } else if (e.key === 'Escape' && enlarged) onEnlarge(false);
      }}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {slot ? (
        <BusyTile key={slot.key} slot={slot} n={n} onError={onError} enlarged={enlarged} onEnlarge={onEnlarge} />
      ) : (
        <div className="tile-empty">
          <p className="muted">{t('live.dropHere')}</p>
          {picked && (
            <button type="button" className="small" onClick={() => onPlay(picked, n - 1)}>
              {t('live.playHere', { name: labeller(picked.deviceId, picked.channelId, picked.name), n })}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function BusyTile({ slot, n, onError, enlarged, onEnlarge }: { slot: TileSlot; n: number; onError(text: string): void; enlarged: boolean; onEnlarge(on: boolean): void }) {
  const t = useT();
  const f = useFormat();
  const name = useChannelLabel(slot.deviceId, slot.channelId, slot.name);
  const session = useLive((s) => (slot.sessionId ? s.sessions.find((x) => x.sessionId === slot.sessionId) : undefined));
  const stopTile = useLive((s) => s.stopTile);
  const closeTile = useLive((s) => s.closeTile);
  const open = slot.phase === 'open';
  const { canvasRef, player, stats } = usePlayer(open ? slot.sessionId : null, slot.pressedAt, t('live.noMediaChannel'));
  // Kept as a function of the language, so the note follows a change of language.
  const [note, setNote] = useState<((t: Translate) => string) | null>(null);
  const recording = useRecorder(player, slot.channelId, (end: RecordingEnd) => setNote(() => (tr: Translate) => recordingNote(tr, end)));

  const recordingNote = (t: Translate, end: RecordingEnd): string => {
    if (end.kind === 'empty') return t('live.recordEmpty');
    const text = t('live.recordSaved', { file: end.fileName, seconds: end.seconds.toFixed(1), size: f.bytes(end.bytes) });
    if (end.why === 'format-changed') return `${t('live.recordFormatChanged')} ${text}`;
    if (end.why === 'size-limit') return `${t('live.recordSizeLimit')} ${text}`;
    return text;
  };

  const snapshot = async () => {
    const blob = await player?.snapshot();
    if (!blob) {
      setNote(() => (tr: Translate) => tr('live.snapshotNone'));
      return;
    }
    const fileName = snapshotFileName(slot.channelId, new Date());
    downloadBlob(blob, fileName);
    setNote(() => (tr: Translate) => tr('live.snapshotSaved', { file: fileName }));
  };

  const playing = stats?.phase === 'playing';
  const canRecord = open && recordableCodec(stats?.codec) && (playing || stats?.phase === 'waiting-key');
  const inviting = session?.state === 'inviting';
  const status = tileStatusText(t, slot, stats, inviting);
  const message = centreMessage(t, { ...slot, name }, stats, inviting);
  return (
    <>
      <div className="tile-head">
        <span className="ellipsis" title={`${slot.deviceId} / ${slot.channelId}`}>
          {name}
        </span>
        {recording.state.active && (
          <span className="badge rec" data-testid={`tile-recording-${n}`}>
            {recording.state.waiting ? t('live.recordWaiting') : t('live.recordingFor', { seconds: Math.floor(recording.state.seconds) })}
          </span>
        )}
        {open && (
          <>
            <button type="button" className="small" disabled={!playing} aria-label={t('live.snapshotOf', { name })} onClick={() => void snapshot()}>
              {t('live.snapshot')}
            </button>
            {recording.state.active ? (
              <button type="button" className="small" aria-label={t('live.recordStopOf', { name })} onClick={recording.stop}>
                {t('live.recordStop')}
              </button>
            ) : (
              <button
                type="button"
                className="small"
                disabled={!canRecord}
                title={stats?.codec && !recordableCodec(stats.codec) ? t('live.recordH264Only') : undefined}
                aria-label={t('live.recordOf', { name })}
                onClick={() => {
                  setNote(null);
                  recording.start();
                }}
              >
                {t('live.record')}
              </button>
            )}
          </>
        )}
        {open && <PtzTileToggle slot={slot} />}
        <button
          type="button"
          className="small"
          aria-pressed={enlarged}
          aria-label={t(enlarged ? 'live.restoreOf' : 'live.enlargeOf', { name })}
          title={t(enlarged ? 'live.restoreOf' : 'live.enlargeOf', { name })}
          onClick={() => onEnlarge(!enlarged)}
        >
          <span aria-hidden="true">{enlarged ? '⤡' : '⤢'}</span>
        </button>
        {open || slot.phase === 'starting' ? (
          <button type="button" className="small" aria-label={t('live.stopOne', { channel: name })} onClick={() => stopTile(slot.key).catch((err) => onError(errorText(err, t)))}>
            {t('live.stop')}
          </button>
        ) : (
          <>
            {slot.phase === 'ended' && (
              <button
                type="button"
                className="small"
                aria-label={t('live.reconnectOf', { name })}
                onClick={() => void startLive(slot.deviceId, slot.channelId, undefined, { tile: n - 1, name: slot.name }).catch(() => undefined)}
              >
                {t('live.reconnect')}
              </button>
            )}
            <button type="button" className="small" aria-label={t('live.closeTile', { n })} onClick={() => closeTile(slot.key)}>
              {t('common.close')}
            </button>
          </>
        )}
      </div>
      <div className="tile-video" data-session-id={slot.sessionId ?? undefined}>
        <canvas ref={canvasRef} role="img" aria-label={t('live.videoOf', { name })} className={playing ? '' : 'idle'} width={16} height={9} />
        <p className={`tile-message${slot.phase === 'failed' || slot.phase === 'ended' ? ' problem' : ''}`} aria-live="polite">
          {message ?? ''}
        </p>
        {open && <TileStats session={session} stats={stats} />}
        {open && <PtzTileLayer slot={slot} />}
      </div>
      <p className="tile-status" role="status" aria-live="off" data-testid={`tile-status-${n}`}>
        {status}
      </p>
      {note && (
        <p className="tile-note" aria-live="polite" data-testid={`tile-note-${n}`}>
          {note(t)}
        </p>
      )}
    </>
  );
}

function centreMessage(t: Translate, slot: TileSlot, stats: PlayerStats | null, inviting: boolean): string | null {
  if (slot.phase === 'failed') return slot.message ?? null;
  if (slot.phase === 'ended') return t('live.status.ended', { reason: wordServerText(t, slot.text, slot.message ?? '') });
  if (slot.phase === 'starting' || inviting) return t('live.status.inviting', { name: slot.name });
  if (!stats || stats.phase === 'connecting') return t('live.status.connecting');
  if (stats.phase === 'waiting-key') return t('live.status.waitingKey', { n: stats.framesReceived });
  if (stats.phase === 'unsupported') return t('live.cannotDecode', { codec: displayCodec(stats.codec) });
  if (stats.phase === 'ended') return t('live.status.ended', { reason: stats.problem ?? '' });
  return null;
}

/** Time to the first picture drawn here; before that (or when it cannot be decoded), to the first frame received by the server. */
function firstFrame(stats: PlayerStats | null, s: LiveSession | undefined): string {
  if (stats?.firstPictureMs != null) return `${stats.firstPictureMs} ms`;
  return s?.firstFrameMs != null ? `${s.firstFrameMs} ms` : '—';
}

function TileStats({ session: s, stats }: { session: LiveSession | undefined; stats: PlayerStats | null }) {
  const t = useT();
  const item = (label: string, value: string, testId?: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  const codec = stats?.codec ? `${displayCodec(stats.codec)}${stats.codecString ? ` (${stats.codecString})` : ''}` : (s?.codec ?? '—');
  const fps = stats?.fps ?? s?.fps ?? null;
  const kbps = stats?.kbps ?? s?.bitrateKbps ?? null;
  return (
    <div className="tile-overlay">
      <dl className="tile-stats" aria-label={t('live.statsLabel')}>
        {item(t('live.codec'), codec)}
        {item(t('live.decoder'), stats?.decoder ?? '—', 'tile-decoder')}
        {item(t('live.resolution'), stats && stats.width ? size(stats.width, stats.height) : s?.width && s.height ? size(s.width, s.height) : '—')}
        {item(t('live.fps'), fps === null ? '—' : String(Math.round(fps)))}
        {item(t('live.bitrate'), kbps === null ? '—' : `${kbps} kbit/s`)}
        {item(t('live.lost'), s ? String(s.lost) : '—')}
        {item(t('live.firstFrame'), firstFrame(stats, s))}
      </dl>
      {s?.warnings.map((w, i) => (
        <p key={i} className="warning">
          {wordServerText(t, s.warningTexts?.[i], w)}
        </p>
      ))}
    </div>
  );
}
