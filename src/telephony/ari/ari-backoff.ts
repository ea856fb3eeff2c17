export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 10_000 };

/**
 * Pure: delay before reconnect attempt `attempt` (0 = first retry). Exponential from baseMs,
 * capped at capMs, with "equal jitter": a random point in the upper half of the window. The
 * upper half keeps a floor (no hot loop against a restarting Asterisk) while the randomness
 * spreads reconnects of several service instances apart. `random` is in [0, 1), injected so
 * the function stays deterministic under test.
 */
export function nextBackoffMs(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const safeAttempt = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const safeRandom = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0;
  // 2 ** 1024 is Infinity, which Math.min turns back into the cap.
  const window = Math.min(options.capMs, options.baseMs * 2 ** safeAttempt);
  return Math.round(window / 2 + (window / 2) * safeRandom);
}
