// Live tab (placeholder for the player): a grid of 1/4/9 tiles showing open sessions and their stats, the session
// list, stop per session and "stop all". The video player goes into <LiveTile> (see the tile-video slot).
import { useEffect, useState, type DragEvent } from 'react';
import type { LiveSession } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ActionError, ProblemNote } from '../../ui/Notice';
import { useNow } from '../../ui/useNow';
import { readDraggedChannel, CHANNEL_DRAG_TYPE } from './channel-drop';
import { startLive, useLive, type GridSize } from './live-store';

export interface PickedChannel {
  deviceId: string;
  channelId: string;
  name: string;
}

/** `picked` is the channel chosen in the device tree (the app passes it in), offered for "Play". */
export function LiveTab({ picked }: { picked: PickedChannel | null }) {
  const t = useT();
  const { sessions, grid, setGrid, listState, listError, load, stopAll } = useLive();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (useLive.getState().listState === 'idle') void load();
  }, [load]);

  const play = async (c: PickedChannel) => {
    setError(null);
    try {
      await startLive(c.deviceId, c.channelId);
    } catch (err) {
      setError(t('channels.playFailed', { name: c.name, message: errorText(err, t) }));
    }
  };

  const tiles = Array.from({ length: grid }, (_, i) => sessions[i] ?? null);

  return (
    <div className="live-tab">
      <div className="toolbar">
        <label className="inline-field">
          {t('live.grid')}
          <select value={grid} onChange={(e) => setGrid(Number(e.target.value) as GridSize)}>
            {[1, 4, 9].map((n) => (
              <option key={n} value={n}>
                {t('live.tiles', { n })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!picked} onClick={() => picked && void play(picked)}>
          {picked ? t('live.playPicked', { name: picked.name }) : t('live.playNone')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={sessions.length === 0}
          onClick={() => {
            setError(null);
            stopAll().catch((err) => setError(errorText(err, t)));
          }}
        >
          {t('live.stopAll')}
        </button>
      </div>
      {error && <ActionError>{error}</ActionError>}
      <div className={`live-grid grid-${grid}`} role="list" aria-label={t('live.gridLabel')}>
        {tiles.map((s, i) => (
          <LiveTile key={s?.sessionId ?? `empty-${i}`} session={s} index={i + 1} onDropChannel={(c) => void play(c)} onError={setError} />
        ))}
      </div>
      <SessionList sessions={sessions} listState={listState} listError={listError} onError={setError} />
    </div>
  );
}

function LiveTile({ session, index, onDropChannel, onError }: { session: LiveSession | null; index: number; onDropChannel(c: PickedChannel): void; onError(text: string): void }) {
  const t = useT();
  const stop = useLive((s) => s.stop);
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
    onDropChannel(c);
  };
  const label = session ? t('live.tileLabel', { n: index, channel: session.channelId }) : t('live.tileEmpty', { n: index });
  return (
    <div role="listitem" aria-label={label} className={`live-tile${over ? ' drop' : ''}`} onDragOver={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      {session ? (
        <>
          <div className="tile-head">
            <span className="ellipsis" title={`${session.deviceId} / ${session.channelId}`}>
              {session.channelId}
            </span>
            <span className="badge">{t(`live.state.${session.state}`)}</span>
            <button
              type="button"
              className="small"
              aria-label={t('live.stopOne', { channel: session.channelId })}
              onClick={() => stop(session.sessionId).catch((err) => onError(errorText(err, t)))}
            >
              {t('live.stop')}
            </button>
          </div>
          <div className="tile-video" data-session-id={session.sessionId}>
            <TileStats session={session} />
          </div>
        </>
      ) : (
        <p className="tile-empty muted">{t('live.dropHere')}</p>
      )}
    </div>
  );
}

function TileStats({ session: s }: { session: LiveSession }) {
  const t = useT();
  return (
    <dl className="tile-stats">
      <div>
        <dt>{t('live.codec')}</dt>
        <dd>{s.codec ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('live.resolution')}</dt>
        <dd>{s.width && s.height ? `${s.width}×${s.height}` : '—'}</dd>
      </div>
      <div>
        <dt>{t('live.fps')}</dt>
        <dd>{s.fps ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('live.bitrate')}</dt>
        <dd>{s.bitrateKbps != null ? `${s.bitrateKbps} kbit/s` : '—'}</dd>
      </div>
      <div>
        <dt>{t('live.lost')}</dt>
        <dd>{s.lost}</dd>
      </div>
      <div>
        <dt>{t('live.firstFrame')}</dt>
        <dd>{s.firstFrameMs != null ? `${s.firstFrameMs} ms` : '—'}</dd>
      </div>
      {s.warnings.map((w, i) => (
        <p key={i} className="warning">
          {w}
        </p>
      ))}
    </dl>
  );
}

function SessionList({ sessions, listState, listError, onError }: { sessions: readonly LiveSession[]; listState: string; listError: unknown; onError(text: string): void }) {
  const t = useT();
  const f = useFormat();
  const now = useNow(1000);
  const { stop, ended, load } = useLive();
  return (
    <section className="session-list" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('live.sessions', { n: sessions.length })}</h2>
      {listState === 'error' && (
        <div className="table-message">
          <ProblemNote testId="live-problem">{errorText(listError, t)}</ProblemNote>
          <button type="button" onClick={() => void load()}>
            {t('live.retry')}
          </button>
        </div>
      )}
      {listState === 'ready' && sessions.length === 0 && <p className="muted">{t('live.none')}</p>}
      {sessions.length > 0 && (
        <table className="simple" aria-labelledby="sessions-heading">
          <thead>
            <tr>
              <th scope="col">{t('log.col.device')}</th>
              <th scope="col">{t('live.channel')}</th>
              <th scope="col">{t('live.transport')}</th>
              <th scope="col">{t('live.media')}</th>
              <th scope="col">SSRC</th>
              <th scope="col">{t('live.duration')}</th>
              <th scope="col" className="num">
                {t('live.bytes')}
              </th>
              <th scope="col" className="num">
                {t('live.lost')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('channels.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.sessionId}>
                <td className="mono">{s.deviceId}</td>
                <td className="mono">{s.channelId}</td>
                <td>{t(`transport.${s.transport}`)}</td>
                <td className="mono">
                  {s.mediaIp}:{s.mediaPort}
                  {s.peer ? ` ← ${s.peer}` : ''}
                </td>
                <td className="mono">
                  {s.ssrc}
                  {s.receivedSsrc && s.receivedSsrc !== s.ssrc ? ` / ${s.receivedSsrc}` : ''}
                </td>
                <td>{f.duration((now - s.startedAt) / 1000)}</td>
                <td className="num">{f.bytes(s.bytes)}</td>
                <td className="num">{s.lost}</td>
                <td>
                  <button type="button" className="small" aria-label={t('live.stopOne', { channel: s.channelId })} onClick={() => stop(s.sessionId).catch((err) => onError(errorText(err, t)))}>
                    {t('live.stop')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ended.length > 0 && (
        <>
          <h3 id="ended-heading">{t('live.ended')}</h3>
          <ul className="events" aria-labelledby="ended-heading">
            {ended.map((e) => (
              <li key={e.sessionId}>
                <span className="mono">{e.channelId}</span>: {e.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
