import type { ServerStats, ServerStatus } from '../../../shared/contract';
import type { ApiHandlers } from '../handlers';

export function serverMethods(status: () => ServerStatus, stats: () => ServerStats): Pick<ApiHandlers, 'server.status' | 'server.stats'> {
  return {
    'server.status': async () => status(),
    'server.stats': async () => stats(),
  };
}
