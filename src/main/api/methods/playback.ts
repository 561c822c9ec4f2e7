// playback.* over the playback sessions (live/playback). Params arrive checked (params/schemas.ts); the
// sessions' own failures are DomainErrors.
import type { PlaybackAction } from '../../../shared/types/recordings';
import type { ApiHandlers } from '../handlers';

export type PlaybackMethodName = 'playback.start' | 'playback.control' | 'playback.stop';

export interface PlaybackControl {
  start(p: { deviceId: string; channelId: string; start: number; end: number }): Promise<{ sessionId: string }>;
  control(sessionId: string, action: PlaybackAction, value?: number): Promise<void>;
  stop(sessionId: string): Promise<{ stopped: boolean }>;
}

export function playbackMethods(playback: PlaybackControl): Pick<ApiHandlers, PlaybackMethodName> {
  return {
    'playback.start': (p) => playback.start(p),
    'playback.control': async (p) => {
      await playback.control(p.sessionId, p.action, p.value);
      return { ok: true as const };
    },
    'playback.stop': (p) => playback.stop(p.sessionId),
  };
}
