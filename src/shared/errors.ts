import type { ApiErrorBody, ApiErrorCode } from './contract';
import type { ServerText } from './texts';

/** Kinds of failure the domain reports; the API maps each to the ApiErrorCode of the same name. */
export type DomainErrorCode = 'bad_request' | 'invalid_setting' | 'not_found' | 'conflict' | 'unavailable' | 'timeout';

/**
 * A failure of the program's own logic (device access, live view, settings ...), thrown below the API with a
 * code and an installer-readable sentence. api/handlers.ts turns it into an ApiError at the one boundary.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Per-field reasons (e.g. which setting is wrong and why). */
    readonly details?: Record<string, string>,
    /** The sentence as a code and parameters, for the console to word in its language. */
    readonly text?: ServerText,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** An error whose message is the English wording of `text`. */
  static saying(code: DomainErrorCode, text: ServerText): DomainError {
    return new DomainError(code, text.text, undefined, text);
  }
}

/** The error a transport sends: a contract code, a sentence, and per-field details. */

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, string>,
    /** The sentence as a code and parameters, for the console to word in its language. */
    readonly text?: ServerText,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** An error whose message is the English wording of `text`. */
  static saying(code: ApiErrorCode, text: ServerText): ApiError {
    return new ApiError(code, text.text, undefined, text);
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}), ...(this.text ? { text: this.text } : {}) };
  }
}

export const HTTP_STATUS_OF: Record<ApiErrorCode, number> = {
  bad_request: 400,
  invalid_setting: 400,
  unknown_method: 404,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};
