import type { ApiErrorBody, ApiErrorCode } from './contract';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
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
