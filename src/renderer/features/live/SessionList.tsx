// Every open live session on the server: where its video goes, what arrives, and Stop / Show in a tile.
import type { LiveSession } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { wordServerText } from '../../i18n/server-text';
import { ProblemNote } from '../../ui/Notice';
import { useNow } from '../../ui/useNow';
import { useChannelLabeller } from '../devices/use-names';
import { startLive, TilesFullError, useLive } from './live-store';
import { sessionsInTiles } from './tile-slots';

export function SessionList({ onError }: { onError(text: string): void }) {
  const t = useT();
  const f = useFormat();
  const now = useNow(1000);
  const { sessions, listState, listError, stop, ended, load, tiles } = useLive();
  const shown = sessionsInTiles(tiles);
  const label = useChannelLabeller();
  const state = (s: LiveSession) => (s.viewers === 0 && s.state !== 'ended' ? t('live.state.closing') : t(`live.state.${s.state}`));
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
      {listState === 'ready' && sessions.length === 0 && (
        <p className="muted" data-testid="live-no-sessions">
          {t('live.none')}
        </p>
      )}
      {sessions.length > 0 && (
        <table className="simple" aria-labelledby="sessions-heading">
          <thead>
            <tr>
              <th scope="col">{t('live.channelDevice')}</th>
              <th scope="col">{t('live.sessionState')}</th>
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
              <tr key={s.sessionId} data-session-id={s.sessionId}>
                <td>
                  <span className="cell-line">{label(s.deviceId, s.channelId)}</span>
                  <span className="cell-line muted mono" title={s.deviceId}>
                    {s.channelId}
                  </span>
                </td>
                <td>
                  {state(s)}
                  {s.viewers > 1 ? ` · ${t('live.viewers', { n: s.viewers })}` : ''}
                </td>
                <td title={t(`transport.${s.transport}`)}>{t(`live.transportShort.${s.transport}`)}</td>
                <td className="mono">
                  <span className="nowrap">
                    {s.mediaIp}:{s.mediaPort}
                  </span>
                  {s.peer && (
                    <>
                      {' '}
                      <span className="nowrap">← {s.peer}</span>
                    </>
                  )}
                </td>
                <td className="mono">
                  {s.ssrc}
                  {s.receivedSsrc && s.receivedSsrc !== s.ssrc ? ` / ${s.receivedSsrc}` : ''}
                </td>
                <td>{f.duration((now - s.startedAt) / 1000)}</td>
                <td className="num">{f.bytes(s.bytes)}</td>
                <td className="num">{f.number(s.lost)}</td>
                <td className="row-actions">
                  <span>
                    {!shown.has(s.sessionId) && s.viewers > 0 && (
                      <button
                        type="button"
                        className="small"
                        aria-label={t('live.showInTile', { channel: label(s.deviceId, s.channelId) })}
                        // A failure shows in the tile; only "no free tile" needs saying here.
                        onClick={() => startLive(s.deviceId, s.channelId, s.transport).catch((err) => err instanceof TilesFullError && onError(err.message))}
                      >
                        {t('live.show')}
                      </button>
                    )}
                    {s.viewers > 0 && (
                      <button type="button" className="small" aria-label={t('live.stopOne', { channel: label(s.deviceId, s.channelId) })} onClick={() => stop(s.sessionId).catch((err) => onError(errorText(err, t)))}>
                        {t('live.stop')}
                      </button>
                    )}
                  </span>
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
                {label(e.deviceId, e.channelId)}: {wordServerText(t, e.text, e.reason)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
