// React glue: a LivePlayer for a tile's session on a canvas, reconnecting while the session is open.
import { useEffect, useRef, useState } from 'react';
import { openFrameSource, type FrameSourceEnd } from './frame-source';
import { LivePlayer, type PlayerStats } from './player';

const RETRY_MS = [500, 1000, 2000, 4000];

export function usePlayer(sessionId: string | null, pressedAt: number, unavailableText: string) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [player, setPlayer] = useState<LivePlayer | null>(null);
  const [stats, setStats] = useState<PlayerStats | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The text follows the language; a change of language must not restart the player.
  const unavailable = useRef(unavailableText);
  unavailable.current = unavailableText;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!sessionId || !canvas) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const p = new LivePlayer({
      canvas,
      source: openFrameSource(sessionId, unavailable.current),
      pressedAt,
      onChange: (s) => {
        setStats({ ...s });
        if (s.phase === 'ended' && s.end && shouldRetry(s.end)) {
          retry = setTimeout(() => setAttempt((a) => a + 1), RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
        }
      },
    });
    setPlayer(p);
    // Rates fall to nothing when frames stop; refresh them even without frames.
    const tick = setInterval(() => setStats({ ...p.refresh() }), 1000);
    return () => {
      clearInterval(tick);
      if (retry) clearTimeout(retry);
      p.close();
      setPlayer(null);
    };
  }, [sessionId, pressedAt, attempt]);

  return { canvasRef, player, stats };
}

/** A broken connection is retried; an ended or unknown session is not (live.ended tells the tile why). */
function shouldRetry(end: FrameSourceEnd): boolean {
  return end.kind === 'broken';
}
