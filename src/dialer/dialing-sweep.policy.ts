/**
 * Longest a dialer attempt can be live after its claim: ring time plus AMD and the whole survey.
 * The concurrency lease and the dialing sweep share it: past it, no instance still runs the call.
 */
export const ATTEMPT_LIFETIME_EXTRA_MS = 10 * 60_000;

export interface DialingTarget {
  /** This process still runs the attempt (its session is open). */
  live: boolean;
  ringSeconds: number;
  /** When the attempt row says it started; null when the claim never got that far. */
  startedAt: Date | null;
  /** When a sweep first saw the target dialing (the claim itself is not timestamped). */
  firstSeenAt: Date;
}

/**
 * A target claimed as `dialing` whose attempt will never finish by itself (the process crashed,
 * an insert failed, a job was retried after its claim): nothing else would ever move it again.
 */
export function isAttemptLost(target: DialingTarget, now: Date): boolean {
  if (target.live) return false;
  const since = target.startedAt ?? target.firstSeenAt;
  return now.getTime() - since.getTime() >= target.ringSeconds * 1000 + ATTEMPT_LIFETIME_EXTRA_MS;
}
