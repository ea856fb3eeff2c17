import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { PgErrorCode, pgErrorOf } from './postgres-errors';

/**
 * Safety net at the edge: a PostgreSQL constraint error that a service did not turn into a coded
 * error itself becomes a coded 4xx instead of "500 Internal". Services should still check first
 * (a 4xx from here means a validation is missing); the constraint name and column go into the
 * details, never the SQL or the offending value.
 * SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const CONSTRAINT_ERRORS: Partial<Record<string, { code: 'CONFLICT' | 'VALIDATION_FAILED'; message: string }>> = {
  [PgErrorCode.UniqueViolation]: { code: 'CONFLICT', message: 'A row with this value already exists' },
  [PgErrorCode.ForeignKeyViolation]: { code: 'CONFLICT', message: 'A referenced row does not exist, or the row is still referenced' },
  [PgErrorCode.NotNullViolation]: { code: 'VALIDATION_FAILED', message: 'A required field is missing or null' },
  [PgErrorCode.CheckViolation]: { code: 'VALIDATION_FAILED', message: 'A value breaks a check constraint' },
  [PgErrorCode.StringTooLong]: { code: 'VALIDATION_FAILED', message: 'A value is too long' },
  [PgErrorCode.NumericOutOfRange]: { code: 'VALIDATION_FAILED', message: 'A number is out of range' },
  [PgErrorCode.InvalidTextRepresentation]: { code: 'VALIDATION_FAILED', message: 'A value has the wrong format' },
  [PgErrorCode.InvalidDatetimeFormat]: { code: 'VALIDATION_FAILED', message: 'A date or time has the wrong format' },
  [PgErrorCode.DatetimeFieldOverflow]: { code: 'VALIDATION_FAILED', message: 'A date or time is out of range' },
};

export function domainErrorFromDatabase(exception: unknown): DomainError | null {
  if (!(exception instanceof QueryFailedError)) return null;
  const pg = pgErrorOf(exception);
  const mapped = pg ? CONSTRAINT_ERRORS[pg.code] : undefined;
  if (!pg || !mapped) return null;
  const details: Record<string, unknown> = { sqlState: pg.code };
  if (pg.constraint) details.constraint = pg.constraint;
  if (pg.column) details.column = pg.column;
  return new DomainError(mapped.code, mapped.message, details);
}
