import type { ApiMethodName } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { ApiHandlers } from '../handlers';

/** Methods of the contract whose feature is not in this build yet answer 503 with a plain sentence. */
export function pendingMethods<M extends ApiMethodName>(names: readonly M[], feature: string): Pick<ApiHandlers, M> {
  const out = {} as Record<M, () => never>;
  for (const name of names) {
    out[name] = () => {
      throw new ApiError('unavailable', `${name}: ${feature} is not available in this build yet`);
    };
  }
  return out as unknown as Pick<ApiHandlers, M>;
}
