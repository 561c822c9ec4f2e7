// live.start / live.stop / live.list, and the factory that builds the live-view feature for the core.
import type { MediaTransport } from '../../../shared/types/devices';
import { ApiError } from '../../../shared/errors';
import type { FrameSink, ViewerStats } from '../../live/frame-fanout';
import { LiveService, type LiveServiceOptions } from '../../live/live-service';
import type { ApiHandlers } from '../handlers';

export type LiveMethodName = 'live.start' | 'live.stop' | 'live.list';

const TRANSPORTS: readonly MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];

function idParam(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ApiError('bad_request', `${method} needs ${name} (a 20-digit GB/T 28181 ID)`);
  const v = value.trim();
  if (!/^[0-9A-Za-z]{1,64}$/.test(v)) throw new ApiError('bad_request', `${method}: ${name} "${v.slice(0, 40)}" is not a GB/T 28181 ID (digits only, usually 20)`);
  return v;
}

export function liveMethods(live: LiveService): Pick<ApiHandlers, LiveMethodName> {
  return {
    'live.start': (p) => {
      const deviceId = idParam('live.start', 'deviceId', p.deviceId);
      const channelId = idParam('live.start', 'channelId', p.channelId);
      if (p.transport !== undefined && !TRANSPORTS.includes(p.transport)) {
        throw new ApiError('bad_request', `live.start: transport must be one of ${TRANSPORTS.join(', ')}; got ${JSON.stringify(p.transport)}`);
      }
      return live.start({ deviceId, channelId, transport: p.transport });
    },
    'live.stop': (p) => {
      if (typeof p.sessionId !== 'string' || !p.sessionId) throw new ApiError('bad_request', 'live.stop needs sessionId (from live.start or live.list)');
      return live.stop(p.sessionId);
    },
    'live.list': async () => live.list(),
  };
}

/** What the core and the shells get from live view. */
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

/**
 * Builds live view over the GB server's SIP stack and device directory:
 *   const live = createLiveService({ stack: gb.stack, devices: deviceServiceDirectory(gb.devices), settings, events, logger });
 */
export function createLiveService(deps: LiveServiceOptions): LiveFeature {
  const service = new LiveService(deps);
  return {
    methods: liveMethods(service),
    subscribeFrames: (sessionId, sink) => service.subscribeFrames(sessionId, sink),
    stats: () => ({ sessionsOpen: service.openCount }),
    service,
    close: () => service.close(),
  };
}
