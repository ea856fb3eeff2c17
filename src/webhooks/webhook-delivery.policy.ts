/**
 * What one delivery attempt means for the delivery log. Pure: the clock and the retry settings
 * are passed in. The delays mirror BullMQ's built-in exponential backoff (base × 2^(n-1)), which
 * actually schedules the retries; this only predicts `next_attempt_at` for admins.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
}

export interface RetrySettings {
  maxAttempts: number;
  backoffMs: number;
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

export function isAccepted(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

/** Delay before attempt `attempt + 1`, after `attempt` attempts have failed. */
export function retryDelayMs(attempt: number, backoffMs: number): number {
  return Math.round(2 ** (attempt - 1) * backoffMs);
}

/** Every wait between attempts, for the docs and for admins wondering when the next try is. */
export function retrySchedule(settings: RetrySettings): number[] {
  return Array.from({ length: Math.max(0, settings.maxAttempts - 1) }, (_, index) => retryDelayMs(index + 1, settings.backoffMs));
}

/** `attempt` is 1-based: the attempt that just finished. */
export function afterAttempt(attempt: number, result: AttemptResult, settings: RetrySettings, now: Date): AttemptOutcome {
  if (isAccepted(result.statusCode)) return { status: 'delivered', nextAttemptAt: null, lastError: null };
  const lastError = result.error ?? `HTTP ${result.statusCode ?? 'no response'}`;
  if (attempt >= settings.maxAttempts) return { status: 'failed', nextAttemptAt: null, lastError };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempt, settings.backoffMs)), lastError };
}
