/** Why a rep's phone did not take an offered call, from the Q.850 cause Asterisk reports. */
export type OfferFailure = 'no-answer' | 'busy' | 'unreachable' | 'cancelled';

const BUSY = new Set([17, 21]); // user busy, call rejected (declined on the phone)
const NO_ANSWER = new Set([18, 19, 16]); // no user response, no answer, normal clearing before answer (ring timeout)
const UNREACHABLE = new Set([1, 3, 20, 27, 31, 34, 38, 41, 42, 47, 66, 127]);

export function offerFailure(cause: number | undefined): OfferFailure {
  if (cause === undefined) return 'no-answer';
  if (BUSY.has(cause)) return 'busy';
  if (NO_ANSWER.has(cause)) return 'no-answer';
  if (UNREACHABLE.has(cause)) return 'unreachable';
  return 'no-answer';
}
