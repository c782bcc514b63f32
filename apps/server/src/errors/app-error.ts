import { type ErrorCode, errorStatusByCode } from '@swyft/contract';

/**
 * The one error the domain throws. `code` is the stable word clients branch on (API.md); the HTTP status
 * comes from the contract's code→status map, never from the thrower.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  /** Extra response headers, such as `retry-after` on 429. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get statusCode(): number {
    return errorStatusByCode[this.code];
  }
}

export const notFound = (what = 'Resource'): AppError => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this'): AppError => new AppError('forbidden', message);
export const unauthenticated = (message = 'Sign in to continue'): AppError => new AppError('unauthenticated', message);
export const validationFailed = (path: string, message: string): AppError =>
  new AppError('validation_failed', `${path}: ${message}`, { fields: [{ path, message }] });
export const rateLimited = (retryAfterSeconds: number): AppError =>
  new AppError(
    'rate_limited',
    'Too many requests; try again later',
    { retryAfterSeconds },
    { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  );
