/** A failure a user can understand: a stable code (asserted by tests, translated by the HTTP layer) and details for the message. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly details: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** Every code a service may throw, with the HTTP status the error handler answers with. */
export const appErrorStatus = {
  not_found: 404,
  forbidden: 403,
  csrf_invalid: 403,
  sign_in_required: 401,
  sign_in_failed: 401,
  rate_limited: 429,
  payload_too_large: 413,
  invalid_input: 400,
  invalid_email: 400,
  password_too_short: 400,
  link_invalid: 400,
  link_expired: 410,
  last_owner: 409,
  staff_exists: 409,
  member_exists: 409,
  announcement_locked: 409,
  unauthorized: 401,
  internal: 500,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

/** True when the value is an AppError with the given code (handy in tests and catch blocks). */
export function isAppError(value: unknown, code?: AppErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
