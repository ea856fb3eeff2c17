/**
 * How long a failed recording upload waits before its next attempt. Pure: BullMQ calls it through
 * the worker's backoff strategy with the job's own settings.
 *
 * Exponential from `baseMs` (as BullMQ's own 'exponential': base × 2^(attempts made − 1)) but
 * never longer than `maxMs`: after a long storage outage uploads resume within `maxMs` of the
 * store coming back instead of after a wait that kept doubling through the outage.
 */
export const UPLOAD_BACKOFF_TYPE = 'recording-upload-capped';

export function uploadRetryDelayMs(attemptsMade: number, baseMs: number, maxMs: number): number {
  const doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(maxMs, baseMs * 2 ** doublings);
}

/** The worker's backoff strategy: the job carries its base (`opts.backoff.delay`) and its cap (`data.backoffMaxMs`). */
export function uploadBackoffStrategy(attemptsMade: number, type?: string, _error?: Error, job?: { opts?: { backoff?: number | { delay?: number } }; data?: unknown }): number {
  const backoff = job?.opts?.backoff;
  const baseMs = typeof backoff === 'number' ? backoff : (backoff?.delay ?? 0);
  const maxMs = Number((job?.data as { backoffMaxMs?: unknown } | undefined)?.backoffMaxMs);
  if (type !== UPLOAD_BACKOFF_TYPE) return baseMs * 2 ** Math.max(attemptsMade - 1, 0);
  return uploadRetryDelayMs(attemptsMade, baseMs, Number.isFinite(maxMs) && maxMs > 0 ? maxMs : Number.POSITIVE_INFINITY);
}
