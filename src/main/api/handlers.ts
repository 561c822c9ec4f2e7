import type { ApiMethodName, ParamsOf, ResultOf } from '../../shared/contract';
import { isApiMethod } from '../../shared/contract';
import { ApiError } from '../../shared/errors';

/** The API implemented once: one function per contract method. */
export type ApiHandlers = { [M in ApiMethodName]: (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };

/** Runs a method by name for a transport: checks the name and the params shape, maps every failure to ApiError. */
export async function dispatch(handlers: ApiHandlers, method: string, params: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiError('unknown_method', `unknown API method "${method}"`);
  const p = params ?? {};
  if (typeof p !== 'object' || Array.isArray(p)) {
    throw new ApiError('bad_request', `params of ${method} must be a JSON object`);
  }
  try {
    return await (handlers[method] as (p: unknown) => unknown)(p);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('internal', `${method} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
