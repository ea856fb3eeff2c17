import { PgErrorCode } from '../common/errors/postgres-errors';

/**
 * When a journal write that failed is tried again. Pure: the journal owns the clock and the sleep.
 */

/** Errors that say "the database is not there right now", not "this write is wrong". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL: connection exceptions, shutting down / starting up, too many connections,
  // serialization failure and deadlock (retry is the documented fix).
  PgErrorCode.ConnectionException, PgErrorCode.SqlClientUnableToEstablishConnection, PgErrorCode.ConnectionDoesNotExist,
  PgErrorCode.SqlServerRejectedConnection, PgErrorCode.ConnectionFailure, PgErrorCode.AdminShutdown, PgErrorCode.CrashShutdown,
  PgErrorCode.CannotConnectNow, PgErrorCode.TooManyConnections, PgErrorCode.SerializationFailure, PgErrorCode.DeadlockDetected,
]);
const TRANSIENT_MESSAGE = /connection terminated|timeout exceeded when trying to connect|connection refused|terminating connection|the database system is (starting up|shutting down)|Connection lost|not queryable|ECONNREFUSED/i;

export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const driverCode = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  if (typeof driverCode === 'string' && TRANSIENT_CODES.has(driverCode)) return true;
  return TRANSIENT_MESSAGE.test((error as Error | null)?.message ?? '');
}

/** A write that fails for another reason (a bug, a constraint) gets this many tries, then is given up loudly. */
export const PERMANENT_FAILURE_ATTEMPTS = 3;

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

/**
 * Exponential backoff from 100 ms, capped at `maxDelayMs`, with up to 20 % jitter (`random` in
 * [0, 1)) so the calls' chains do not hit a database that just came back all in the same tick.
 * Transient failures retry for as long as the outage lasts: the bound on the backlog is the limit.
 */
export function nextRetry(error: unknown, attempt: number, maxDelayMs: number, random: number): RetryDecision {
  const transient = isTransientDatabaseError(error);
  if (!transient && attempt >= PERMANENT_FAILURE_ATTEMPTS) return { retry: false, delayMs: 0 };
  const base = Math.min(maxDelayMs, 100 * 2 ** Math.min(attempt - 1, 20));
  return { retry: true, delayMs: Math.round(base * (1 - 0.2 * random)) };
}
