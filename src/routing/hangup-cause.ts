import { AriRequestError, AriUnavailableError } from '../telephony/ari/ari-errors';

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

/**
 * A refused originate says nothing about the rep's phone when the caller's channel is already gone
 * or Asterisk did not answer in time: no penalty then. Anything else counts as unreachable.
 */
export function originateFailure(error: unknown): OfferFailure {
  if (error instanceof AriUnavailableError) return 'cancelled';
  if (error instanceof AriRequestError && /originator/i.test(error.message)) return 'cancelled';
  return 'unreachable';
}

const CAUSE_NAMES: Record<number, string> = {
  1: 'unallocated number',
  3: 'no route',
  16: 'normal clearing',
  17: 'user busy',
  18: 'no user response',
  19: 'no answer',
  20: 'subscriber absent',
  21: 'call rejected',
  27: 'destination out of order',
  31: 'normal, unspecified',
  34: 'no circuit available',
  38: 'network out of order',
  41: 'temporary failure',
  127: 'interworking',
};

/** "normal clearing (16)": readable in reports, exact for machines. */
export function describeCause(cause: number | undefined): string {
  if (cause === undefined) return 'hangup';
  return `${CAUSE_NAMES[cause] ?? 'cause'} (${cause})`;
}
