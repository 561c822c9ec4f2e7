// React glue for one playback: playback.start for a range, the session's frames through the player clock into
// the live player, and pause / resume / seek / speed over playback.control. A pause keeps the session (the
// server does not close a paused stream); a seek outside the session's range starts a new one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlaybackEnded } from '../../../shared/contract';
import { api } from '../../api/client';
import { openFrameSource } from '../live/frame-source';
import { LivePlayer, type PlayerStats } from '../live/player';
import { PacedFrameSource } from './paced-source';
import type { ChannelPick } from './recordings-store';
import type { TimeRange } from './time-axis';

export type PlaybackPhase = 'idle' | 'starting' | 'open' | 'ended' | 'failed';

export interface PlaybackState {
  phase: PlaybackPhase;
  sessionId: string | null;
  range: TimeRange | null;
  paused: boolean;
  speed: number;
  /** Why it ended or failed: the server's sentence, or the error of a call. */
  ended: PlaybackEnded | null;
  error: unknown;
}

const IDLE: PlaybackState = { phase: 'idle', sessionId: null, range: null, paused: false, speed: 1, ended: null, error: null };

interface Running {
  sessionId: string;
  source: PacedFrameSource;
  player: LivePlayer;
}

export function usePlayback(pick: ChannelPick | null, unavailableText: string) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [state, setState] = useState<PlaybackState>(IDLE);
  const [stats, setStats] = useState<PlayerStats | null>(null);
  const running = useRef<Running | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const unavailable = useRef(unavailableText);
  unavailable.current = unavailableText;
  /** Counts starts, so an answer to an older playback.start is not taken for the current one. */
  const generation = useRef(0);

  const teardown = useCallback(() => {
    const r = running.current;
    running.current = null;
    if (!r) return;
    r.player.close();
    void api.invoke('playback.stop', { sessionId: r.sessionId }).catch(() => undefined);
  }, []);

  const start = useCallback(
    async (range: TimeRange, speed = stateRef.current.speed) => {
      if (!pick) return;
      const gen = ++generation.current;
      teardown();
      setStats(null);
      setState({ ...IDLE, phase: 'starting', range, speed });
      try {
        const { sessionId } = await api.invoke('playback.start', { ...pick, start: Math.floor(range.start), end: Math.ceil(range.end) });
        if (gen !== generation.current || !canvasRef.current) {
          void api.invoke('playback.stop', { sessionId }).catch(() => undefined);
          return;
        }
        const source = new PacedFrameSource(openFrameSource(sessionId, unavailable.current), range.start);
        const player = new LivePlayer({ canvas: canvasRef.current, source, pressedAt: performance.now(), onChange: (s) => setStats({ ...s }) });
        running.current = { sessionId, source, player };
        setState((s) => ({ ...s, phase: 'open', sessionId }));
        if (speed !== 1) {
          await api.invoke('playback.control', { sessionId, action: 'speed', value: speed });
          source.clock.setScale(speed);
        }
      } catch (error) {
        if (gen === generation.current) setState((s) => ({ ...s, phase: 'failed', error }));
      }
    },
    [pick, teardown],
  );

  /** Counts control calls: an answer that arrives after a newer call was made does not undo what that one did. */
  const controlSeq = useRef(0);

  /** 'stale': answered after a newer control was asked for (or the playback changed): leave the state to that one. */
  const control = useCallback(async (action: 'pause' | 'resume' | 'seek' | 'speed', value?: number): Promise<'ok' | 'failed' | 'stale'> => {
    const r = running.current;
    if (!r) return 'stale';
    const seq = ++controlSeq.current;
    try {
      await api.invoke('playback.control', { sessionId: r.sessionId, action, value });
      if (seq !== controlSeq.current || running.current !== r) return 'stale';
      setState((s) => ({ ...s, error: null }));
      return 'ok';
    } catch (error) {
      if (seq !== controlSeq.current || running.current !== r) return 'stale';
      setState((s) => ({ ...s, error }));
      return 'failed';
    }
  }, []);

  const pause = useCallback(async () => {
    const r = running.current;
    if (!r || stateRef.current.paused) return;
    r.source.clock.pause();
    setState((s) => ({ ...s, paused: true }));
    if ((await control('pause')) === 'failed') {
      r.source.clock.resume();
      setState((s) => ({ ...s, paused: false }));
    }
  }, [control]);

  const resume = useCallback(async () => {
    const r = running.current;
    if (!r || !stateRef.current.paused) return;
    if ((await control('resume')) === 'ok') {
      r.source.clock.resume();
      setState((s) => ({ ...s, paused: false }));
    }
  }, [control]);

  const setSpeed = useCallback(
    async (speed: number) => {
      const r = running.current;
      setState((s) => ({ ...s, speed }));
      if (!r) return;
      if ((await control('speed', speed)) === 'ok') {
        r.source.clock.setScale(speed);
        // The device plays again after a Scale PLAY.
        r.source.clock.resume();
        setState((s) => ({ ...s, paused: false }));
      }
    },
    [control],
  );

  /** Seeks inside the open session, or plays `range` afresh when `to` lies outside it. */
  const seek = useCallback(
    async (to: number, fresh: TimeRange) => {
      const r = running.current;
      const open = stateRef.current.range;
      if (!r || !open || stateRef.current.phase !== 'open' || to < open.start || to >= open.end) return start(fresh);
      r.source.seek(to);
      const answer = await control('seek', Math.floor(to));
      if (answer === 'ok') {
        r.source.clock.resume();
        setState((s) => ({ ...s, paused: false }));
      } else if (answer === 'failed') {
        r.source.cancelSeek();
      }
    },
    [control, start],
  );

  const stop = useCallback(() => {
    generation.current++;
    teardown();
    setState((s) => ({ ...IDLE, speed: s.speed }));
    setStats(null);
  }, [teardown]);

  /** Recording time of the picture on screen (Unix seconds), null before the first. */
  const position = useCallback(() => running.current?.source.position() ?? null, []);
  const snapshot = useCallback(() => running.current?.player.snapshot() ?? Promise.resolve(null), []);

  useEffect(
    () =>
      api.on('playback.ended', (e) => {
        if (e.sessionId !== stateRef.current.sessionId) return;
        setState((s) => ({ ...s, phase: 'ended', ended: e }));
      }),
    [],
  );

  // Another channel, or leaving the page, ends the playback.
  useEffect(() => stop, [pick?.deviceId, pick?.channelId, stop]);

  return { canvasRef, state, stats, start, pause, resume, setSpeed, seek, stop, position, snapshot };
}

export type Playback = ReturnType<typeof usePlayback>;
