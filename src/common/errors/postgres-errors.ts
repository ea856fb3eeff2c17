/**
 * PostgreSQL SQLSTATE codes the service reacts to, by name, and small predicates over a failed
 * query. TypeORM wraps the driver's error in QueryFailedError (the fields sit on `driverError` and
 * are copied onto the wrapper); a raw `pg` error carries them itself, so both shapes are read.
 * Codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
export const PgErrorCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  NotNullViolation: '23502',
  CheckViolation: '23514',
  StringTooLong: '22001',
  NumericOutOfRange: '22003',
  InvalidTextRepresentation: '22P02',
  InvalidDatetimeFormat: '22007',
  DatetimeFieldOverflow: '22008',
  ConnectionException: '08000',
  SqlClientUnableToEstablishConnection: '08001',
  ConnectionDoesNotExist: '08003',
  SqlServerRejectedConnection: '08004',
  ConnectionFailure: '08006',
  AdminShutdown: '57P01',
  CrashShutdown: '57P02',
  CannotConnectNow: '57P03',
  TooManyConnections: '53300',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
} as const;
export type PgErrorCode = (typeof PgErrorCode)[keyof typeof PgErrorCode];

/** What PostgreSQL said about a failed statement, or null when the error did not come from it. */
export interface PgErrorFields {
  code: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

export function pgErrorOf(error: unknown): PgErrorFields | null {
  if (typeof error !== 'object' || error === null) return null;
  const wrapped = (error as { driverError?: unknown }).driverError;
  const source = (typeof wrapped === 'object' && wrapped !== null ? wrapped : error) as Partial<Record<keyof PgErrorFields, unknown>>;
  if (typeof source.code !== 'string') return null;
  return {
    code: source.code,
    constraint: typeof source.constraint === 'string' ? source.constraint : undefined,
    column: typeof source.column === 'string' ? source.column : undefined,
    detail: typeof source.detail === 'string' ? source.detail : undefined,
  };
}

function violation(error: unknown, code: PgErrorCode, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  return pg !== null && pg.code === code && (constraint === undefined || pg.constraint === constraint);
}

/** A unique constraint refused the row; with `constraint`, only that constraint counts. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return violation(error, PgErrorCode.UniqueViolation, constraint);
}

/** A foreign key refused the row (a referenced row is missing, or a row is still referenced). */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return violation(error, PgErrorCode.ForeignKeyViolation, constraint);
}
