// live.start / live.stop / live.list over live view (the core builds the feature: core/live-feature.ts).
// Params arrive checked (params/schemas.ts); live view's own failures are DomainErrors.
import type { LiveService } from '../../live/live-service';
import type { ApiHandlers } from '../handlers';

export type LiveMethodName = 'live.start' | 'live.stop' | 'live.list';

export function liveMethods(live: Pick<LiveService, 'start' | 'stop' | 'list'>): Pick<ApiHandlers, LiveMethodName> {
  return {
    'live.start': (p) => live.start({ deviceId: p.deviceId, channelId: p.channelId, transport: p.transport }),
    'live.stop': (p) => live.stop(p.sessionId),
    'live.list': async () => live.list(),
  };
}
