// Recording a tile to MP4: taps the player's frames into an Mp4Recorder and downloads the file at the end.
import { useCallback, useEffect, useRef, useState } from 'react';
import { downloadBlob, recordingFileName } from './file-names';
import { Mp4Recorder, recordableCodec } from './mp4-recorder';
import type { LivePlayer } from './player';

export type RecordingEnd = { kind: 'saved'; fileName: string; seconds: number; bytes: number; why: 'user' | 'format-changed' | 'size-limit' | 'closed' } | { kind: 'empty' };

export interface RecordingState {
  active: boolean;
  /** True until the first keyframe starts the file. */
  waiting: boolean;
  seconds: number;
  bytes: number;
}

const IDLE: RecordingState = { active: false, waiting: false, seconds: 0, bytes: 0 };

export function useRecorder(player: LivePlayer | null, channelId: string, onEnd: (end: RecordingEnd) => void) {
  const [state, setState] = useState<RecordingState>(IDLE);
  const current = useRef<{ recorder: Mp4Recorder; untap: () => void; firstPts: number | null; lastPts: number } | null>(null);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  const finish = useCallback(
    (why: 'user' | 'format-changed' | 'size-limit' | 'closed') => {
      const c = current.current;
      if (!c) return;
      current.current = null;
      c.untap();
      setState(IDLE);
      const blob = c.recorder.finish();
      if (!blob) {
        onEndRef.current({ kind: 'empty' });
        return;
      }
      const fileName = recordingFileName(channelId, c.recorder.startedAt);
      downloadBlob(blob, fileName);
      const seconds = c.firstPts === null ? 0 : (c.lastPts - c.firstPts) / 90000;
      onEndRef.current({ kind: 'saved', fileName, seconds, bytes: blob.size, why });
    },
    [channelId],
  );

  const start = useCallback(() => {
    if (!player || current.current) return;
    const recorder = new Mp4Recorder(new Date(), undefined, () => ({ width: player.stats.width, height: player.stats.height }));
    const c = {
      recorder,
      firstPts: null as number | null,
      lastPts: 0,
      untap: () => {},
    };
    c.untap = player.tap((f) => {
      if (!recordableCodec(f.codec)) return;
      const result = recorder.push(f);
      if (result !== 'ok') {
        queueMicrotask(() => finish(result));
        return;
      }
      if (!recorder.waitingForKeyframe) {
        c.firstPts ??= f.pts;
        c.lastPts = f.pts;
      }
    });
    current.current = c;
    setState({ active: true, waiting: true, seconds: 0, bytes: 0 });
  }, [player, finish]);

  // Progress once a second while recording.
  useEffect(() => {
    if (!state.active) return;
    const timer = setInterval(() => {
      const c = current.current;
      if (!c) return;
      setState({ active: true, waiting: c.recorder.waitingForKeyframe, seconds: c.firstPts === null ? 0 : (c.lastPts - c.firstPts) / 90000, bytes: c.recorder.bytes });
    }, 1000);
    return () => clearInterval(timer);
  }, [state.active]);

  // The player going away (stop, session ended) saves what was recorded.
  useEffect(() => () => finish('closed'), [player, finish]);

  return { state, start, stop: () => finish('user') };
}
