// Live view as the core and the shells see it: the live.* methods, frame viewers, stats and shutdown.
import { liveMethods, type LiveMethodName } from '../api/methods/live';
import type { ApiHandlers } from '../api/handlers';
import type { FrameSink, ViewerStats } from '../live/frame-fanout';
import { LiveService, type LiveServiceOptions } from '../live/live-service';

export interface LiveFeature {
  methods: Pick<ApiHandlers, LiveMethodName>;
  /** A viewer for a session's frames (see src/shared/media-frames.ts); undefined when no such session is open. */
  subscribeFrames(sessionId: string, sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } | undefined;
  /** For server.stats. */
  stats(): { sessionsOpen: number };
  service: LiveService;
  /** BYE to every open session (bounded wait), then stop. */
  close(): Promise<void>;
}

export function createLiveFeature(deps: LiveServiceOptions): LiveFeature {
  const service = new LiveService(deps);
  return {
    methods: liveMethods(service),
    subscribeFrames: (sessionId, sink) => service.subscribeFrames(sessionId, sink),
    stats: () => ({ sessionsOpen: service.openCount }),
    service,
    close: () => service.close(),
  };
}
