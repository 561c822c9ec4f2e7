// The Live tab: a grid of 1/4/9 tiles playing channels (picked in the device tree or dragged onto a tile), the
// transport for new views, Stop all, and the list of open sessions.
import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/errors';
import { countKey, useT } from '../../i18n';
import { ActionError } from '../../ui/Notice';
import { useChannelLabeller } from '../devices/use-names';
import type { DraggedChannel } from './channel-drop';
import { LiveTile } from './LiveTile';
import { startLive, TilesFullError, useLive, type TransportChoice } from './live-store';
import { SessionList } from './SessionList';
import { GRID_SIZES, hiddenBusy, type GridSize } from './tile-slots';
import './live.css';

export interface PickedChannel {
  deviceId: string;
  channelId: string;
  name: string;
  /** Its device is offline: nothing offers to play it. */
  deviceOffline: boolean;
}

const TRANSPORTS: readonly TransportChoice[] = ['device', 'udp', 'tcp-passive', 'tcp-active'];
const STATS_KEY = 'gb.liveStats';
const SESSIONS_KEY = 'gb.liveSessionsOpen';

/** `picked` is the channel chosen in the device tree (the app passes it in), offered for "Play". */
export function LiveTab({ picked }: { picked: PickedChannel | null }) {
  const t = useT();
  const { sessions, grid, setGrid, tiles, transport, setTransport, load, stopAll } = useLive();
  const [error, setError] = useState<string | null>(null);
  const [enlarged, setEnlarged] = useState<number | null>(null);
  const [showStats, setShowStats] = useState(() => localStorage.getItem(STATS_KEY) === '1');
  const [sessionsOpen, setSessionsOpen] = useState(() => localStorage.getItem(SESSIONS_KEY) !== '0');
  const gridRef = useRef<HTMLDivElement>(null);
  const label = useChannelLabeller();
  const pickedLabel = picked ? label(picked.deviceId, picked.channelId, picked.name) : '';
  const shownEnlarged = enlarged !== null && enlarged < grid && tiles[enlarged] ? enlarged : null;

  useEffect(() => {
    if (useLive.getState().listState === 'idle') void load();
  }, [load]);

  const play = (c: DraggedChannel, tile?: number) => {
    setError(null);
    // A failure shows in the tile itself; only "no free tile" has nowhere else to go.
    startLive(c.deviceId, c.channelId, undefined, { tile, name: c.name }).catch((err) => {
      if (err instanceof TilesFullError) setError(err.message);
    });
  };

  const busy = tiles.some((s) => s && (s.phase === 'open' || s.phase === 'starting'));
  const hidden = hiddenBusy(tiles, grid);
  return (
    <div className="live-tab">
      <div className="toolbar">
        <label className="inline-field">
          {t('live.grid')}
          <select value={grid} onChange={(e) => setGrid(Number(e.target.value) as GridSize)}>
            {GRID_SIZES.map((n) => (
              <option key={n} value={n}>
                {n === 1 ? t('live.oneTile') : t('live.tiles', { n })}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          {t('live.transportChoice')}
          <select value={transport} onChange={(e) => setTransport(e.target.value as TransportChoice)}>
            {TRANSPORTS.map((x) => (
              <option key={x} value={x}>
                {x === 'device' ? t('live.transportDevice') : t(`transport.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!picked || picked.deviceOffline} onClick={() => picked && !picked.deviceOffline && play(picked)}>
          {!picked ? t('live.playNone') : picked.deviceOffline ? t('live.pickedOffline', { name: pickedLabel }) : t('live.playPicked', { name: pickedLabel })}
        </button>
        <button
          type="button"
          className="danger"
          disabled={!busy && !sessions.some((s) => s.viewers > 0)}
          onClick={() => {
            setError(null);
            stopAll().catch((err) => setError(errorText(err, t)));
          }}
        >
          {t('live.stopAll')}
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={showStats}
            onChange={(e) => {
              localStorage.setItem(STATS_KEY, e.target.checked ? '1' : '0');
              setShowStats(e.target.checked);
            }}
          />
          {t('live.showStats')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={sessionsOpen}
            onChange={(e) => {
              localStorage.setItem(SESSIONS_KEY, e.target.checked ? '1' : '0');
              setSessionsOpen(e.target.checked);
            }}
          />
          {t('live.sessionsToggle')}
        </label>
        <button type="button" onClick={() => void gridRef.current?.requestFullscreen?.().catch(() => undefined)}>
          {t('live.fullscreen')}
        </button>
        {hidden > 0 && <span className="muted">{t(countKey(hidden, 'live.hiddenTiles'), { n: hidden })}</span>}
      </div>
      {error && <ActionError>{error}</ActionError>}
      <div
        ref={gridRef}
        className={`live-grid grid-${grid}${shownEnlarged !== null ? ' enlarged' : ''}${showStats ? ' show-stats' : ''}`}
        role="list"
        aria-label={t('live.gridLabel')}
      >
        {tiles.slice(0, grid).map((slot, i) => (
          <LiveTile key={i} slot={slot} n={i + 1} picked={picked && !picked.deviceOffline ? picked : null} onPlay={play} onError={setError} enlarged={shownEnlarged === i} onEnlarge={(on) => setEnlarged(on ? i : null)} />
        ))}
      </div>
      {sessionsOpen && <SessionList onError={setError} />}
    </div>
  );
}
