// The API's one boundary: every call from a transport (IPC, HTTP) comes through dispatch(), which checks the
// params against the method's schema (params/schemas.ts) and turns every failure into an ApiError.
import type { ApiMethodName, ParamsOf, ResultOf } from '../../shared/contract';
import { isApiMethod } from '../../shared/contract';
import { ApiError, DomainError } from '../../shared/errors';
import { errorText, serverText } from '../../shared/texts';
import { SipTransactionError } from '../sip/stack/errors';
import { checkParams } from './params/schemas';

/** Who calls: the API client (a console tab, a script's event socket) when the transport knows it. */
export interface ApiCaller {
  clientId?: string;
}

/** The API implemented once: one function per contract method. */
export type ApiHandlers = { [M in ApiMethodName]: (params: ParamsOf<M>, caller?: ApiCaller) => ResultOf<M> | Promise<ResultOf<M>> };

/** Runs a method by name for a transport: checks the name and the params, maps every failure to ApiError. */
export async function dispatch(handlers: ApiHandlers, method: string, params: unknown, caller?: ApiCaller): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiError('unknown_method', `unknown API method "${method}"`);
  const checked = checkParams(method, params);
  try {
    return await (handlers[method] as (p: unknown, c?: ApiCaller) => unknown)(checked, caller);
  } catch (err) {
    throw toApiError(method, err);
  }
}

/** Domain errors keep their code and sentence; a SIP transaction that failed is a timeout or unavailable. */
export function toApiError(method: string, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainError) return new ApiError(err.code, err.message, err.details, err.text);
  if (err instanceof SipTransactionError) return new ApiError(err.status === 408 ? 'timeout' : 'unavailable', err.message, undefined, err.text);
  const detail = errorText(err);
  return ApiError.saying('internal', serverText('api.failed', { method, detail }, `${method} failed: ${detail.text}`));
}
