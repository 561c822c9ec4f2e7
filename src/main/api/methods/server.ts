import type { ServerStatus } from '../../../shared/contract';
import type { ApiHandlers } from '../handlers';

export function serverMethods(status: () => ServerStatus): Pick<ApiHandlers, 'server.status'> {
  return { 'server.status': () => status() };
}
