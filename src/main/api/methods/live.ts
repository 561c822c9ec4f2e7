// live.start / live.stop / live.list over live view (the core builds the feature: core/live-feature.ts).
import type { MediaTransport } from '../../../shared/types/devices';
import { ApiError } from '../../../shared/errors';
import type { LiveService } from '../../live/live-service';
import type { ApiHandlers } from '../handlers';

export type LiveMethodName = 'live.start' | 'live.stop' | 'live.list';

const TRANSPORTS: readonly MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];

function idParam(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ApiError('bad_request', `${method} needs ${name} (a 20-digit GB/T 28181 ID)`);
  const v = value.trim();
  if (!/^[0-9A-Za-z]{1,64}$/.test(v)) throw new ApiError('bad_request', `${method}: ${name} "${v.slice(0, 40)}" is not a GB/T 28181 ID (digits only, usually 20)`);
  return v;
}

export function liveMethods(live: Pick<LiveService, 'start' | 'stop' | 'list'>): Pick<ApiHandlers, LiveMethodName> {
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
