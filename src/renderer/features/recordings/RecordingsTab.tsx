// The Recordings tab: pick a camera and a day, see what it recorded on a timeline, play any moment at 1/4x to
// 4x (8x where the camera allows), pause, seek, and download a range to an MP4 file.
import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../../api/errors';
import { useLanguage, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useDevices } from '../devices/device-store';
import { Calendar } from './Calendar';
import { ChannelPicker } from './ChannelPicker';
import { DownloadRange } from './Downloads';
import { PlaybackPanel } from './PlaybackPanel';
import { currentListKey, useRecordings, type DayList } from './recordings-store';
import { downloadSpeeds, playSpeeds } from './speeds';
import { clockText, coveredSeconds, dayRange, lastEnd, playableFrom } from './time-axis';
import { Timeline } from './Timeline';
import { useRecT, type RecTranslate } from './texts';
import { usePlayback } from './use-playback';
import './recordings.css';

export function RecordingsTab() {
  const t = useRecT();
  const tApp = useT();
  const language = useLanguage((s) => s.language);
  const { pick, day, list, selection, setSelection, loadDay } = useRecordings();
  const key = useRecordings(currentListKey);
  const channels = useDevices((s) => s.channels);
  const channel = pick ? channels.get(pick.deviceId)?.find((c) => c.channelId === pick.channelId) : undefined;
  const ready = pick?.channelId ? pick : null;
  const playback = usePlayback(ready, tApp('live.noMediaChannel'));
  const [position, setPosition] = useState<number | null>(null);
  const [selecting, setSelecting] = useState(false);
  const [note, setNote] = useState<((t: RecTranslate) => string) | null>(null);
  const range = useMemo(() => dayRange(day), [day]);
  const shown: DayList | null = list?.key === key ? list : null;
  const items = useMemo(() => shown?.items ?? [], [shown]);

  useEffect(() => {
    if (ready && list?.key !== key) void loadDay();
  }, [ready, key, list?.key, loadDay]);

  // Another day or camera: what plays belongs to the old one.
  const stop = playback.stop;
  useEffect(() => {
    stop();
    setPosition(null);
    setNote(null);
  }, [key, stop]);

  useEffect(() => {
    const timer = setInterval(() => setPosition(playback.position()), 250);
    return () => clearInterval(timer);
  }, [playback.position]);

  const channelName = (channelId: string) => {
    for (const list of channels.values()) {
      const c = list.find((x) => x.channelId === channelId);
      if (c) return c.name || channelId;
    }
    return channelId;
  };

  const playFrom = (t0: number) => {
    setNote(null);
    const from = playableFrom(items, t0);
    const end = lastEnd(items);
    if (from === null || end === null) {
      setNote(() => (tr: RecTranslate) => tr('rec.noRecordingAfter', { time: clockText(t0, true) }));
      return;
    }
    setPosition(from);
    void playback.seek(from, { start: from, end });
  };

  const onPlay = () => {
    const first = items.length ? Math.min(...items.map((i) => i.start)) : null;
    const from = selection?.start ?? position ?? first;
    if (from !== null) playFrom(from);
  };

  const open = playback.state.phase === 'open';
  const dayTitle = `${day} ${new Intl.DateTimeFormat(language, { weekday: 'short' }).format(new Date(range.start * 1000))}`;
  return (
    <div className="rec-layout">
      <aside className="rec-side">
        <ChannelPicker />
        <Calendar />
      </aside>
      <div className="rec-main">
        <div className="rec-day-head">
          <h2 data-testid="rec-day">{t('rec.dayHeading', { day: dayTitle })}</h2>
          <ListState list={shown} hasPick={!!ready} />
          {ready && (
            <button type="button" className="small" disabled={shown?.loading} onClick={() => void loadDay()}>
              {t('rec.refresh')}
            </button>
          )}
        </div>
        <PlaybackPanel
          playback={playback}
          channelId={pick?.channelId ?? ''}
          position={position}
          speeds={playSpeeds(channel)}
          canPlay={!!ready && items.length > 0}
          onPlay={onPlay}
        />
        {note && <p className="problem-note">{note(t)}</p>}
        <Timeline
          day={day}
          range={range}
          items={items}
          position={position}
          selection={selection}
          selecting={selecting}
          onSelecting={setSelecting}
          onSeek={playFrom}
          onSelect={(r) => {
            setSelection(r);
            if (r) setSelecting(false);
          }}
          onTogglePause={() => {
            if (!open) onPlay();
            else if (playback.state.paused) void playback.resume();
            else void playback.pause();
          }}
          onStep={(by) => {
            if (open && position !== null) playFrom(Math.min(Math.max(position + by, range.start), range.end));
          }}
        />
        <DownloadRange speeds={downloadSpeeds(channel)} channelName={channelName} />
        {shown?.error != null && <p className="problem-note">{errorText(shown.error, tApp)}</p>}
      </div>
    </div>
  );
}

function ListState({ list, hasPick }: { list: DayList | null; hasPick: boolean }) {
  const t = useRecT();
  const f = useFormat();
  let text: string;
  if (!hasPick) text = t('rec.pickFirst');
  else if (!list || (list.loading && list.items.length === 0)) text = t('rec.loading');
  else if (list.error) text = '';
  else if (!list.complete)
    text = list.expected ? t('rec.stillReceiving', { n: list.items.length, expected: list.expected }) : t('rec.stillReceivingUnknown', { n: list.items.length });
  else if (list.items.length === 0) text = t('rec.none');
  else text = t('rec.count', { n: list.items.length, duration: f.duration(coveredSeconds(list.items)) });
  return (
    <p className="muted rec-list-state" role="status" data-testid="rec-list-state">
      {text}
    </p>
  );
}
