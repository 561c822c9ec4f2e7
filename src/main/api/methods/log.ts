// log.* API methods over the signalling log. Params arrive checked (params/schemas.ts).
import { ApiError } from '../../../shared/errors';
import type { SignallingLog } from '../../store/signalling';
import type { ApiHandlers } from '../handlers';

export function logMethods(log: SignallingLog): Pick<ApiHandlers, 'log.query' | 'log.get' | 'log.call' | 'log.export'> {
  return {
    'log.query': async (q) => log.query(q),
    'log.get': async ({ id }) => {
      const detail = await log.get(id);
      if (!detail) throw new ApiError('not_found', `signalling log message #${id} is not stored (it may have been removed by log retention)`);
      return detail;
    },
    'log.call': async ({ callId, near }) => log.call(callId, near),
    'log.export': async ({ format, ...filter }) => log.export(filter, format),
  };
}
