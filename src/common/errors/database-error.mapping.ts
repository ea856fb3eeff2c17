import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

/**
 * Safety net at the edge: a PostgreSQL constraint error that a service did not turn into a coded
 * error itself becomes a coded 4xx instead of "500 Internal". Services should still check first
 * (a 4xx from here means a validation is missing); the constraint name and column go into the
 * details, never the SQL or the offending value.
 * SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const CONSTRAINT_ERRORS: Record<string, { code: 'CONFLICT' | 'VALIDATION_FAILED'; message: string }> = {
  '23505': { code: 'CONFLICT', message: 'A row with this value already exists' },
  '23503': { code: 'CONFLICT', message: 'A referenced row does not exist, or the row is still referenced' },
  '23502': { code: 'VALIDATION_FAILED', message: 'A required field is missing or null' },
  '23514': { code: 'VALIDATION_FAILED', message: 'A value breaks a check constraint' },
  '22001': { code: 'VALIDATION_FAILED', message: 'A value is too long' },
  '22003': { code: 'VALIDATION_FAILED', message: 'A number is out of range' },
  '22P02': { code: 'VALIDATION_FAILED', message: 'A value has the wrong format' },
  '22007': { code: 'VALIDATION_FAILED', message: 'A date or time has the wrong format' },
  '22008': { code: 'VALIDATION_FAILED', message: 'A date or time is out of range' },
};

export function domainErrorFromDatabase(exception: unknown): DomainError | null {
  if (!(exception instanceof QueryFailedError)) return null;
  const driverError = exception.driverError as { code?: string; constraint?: string; column?: string };
  const mapped = driverError.code ? CONSTRAINT_ERRORS[driverError.code] : undefined;
  if (!mapped) return null;
  const details: Record<string, unknown> = { sqlState: driverError.code };
  if (driverError.constraint) details.constraint = driverError.constraint;
  if (driverError.column) details.column = driverError.column;
  return new DomainError(mapped.code, mapped.message, details);
}
