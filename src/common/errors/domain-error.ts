/**
 * Stable error codes the API promises to clients. Services throw DomainError with one of these;
 * the HTTP filter and the socket gateway map them to a status at the edge.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_PHONE_NUMBER: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  /** A token issued before the account was disabled, re-enabled or changed. */
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DO_NOT_CALL: 409,
  BLOCKED_PREFIX: 409,
  REP_NOT_AVAILABLE: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** Too many failed logins for this login or address; details.retryAfterSeconds, header Retry-After. */
  LOGIN_THROTTLED: 429,
  RECORDING_RESUME_FAILED: 502,
  ARI_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (entity: string, id: string): DomainError =>
  new DomainError('NOT_FOUND', `${entity} ${id} not found`, { entity, id });

export const forbidden = (message = 'You may not access this resource'): DomainError =>
  new DomainError('FORBIDDEN', message);
