import { CallOutcome } from './call.entity';

/** What a finished call leaves the client base: a callback for the client, a reminder for the rep, or nothing. */
export type FollowUp = 'callback' | 'reminder' | null;

export interface FollowUpFacts {
  /** The client the call was filed under; a call filed under nobody leaves no task. */
  clientId: string | null;
  /** The rep who talked with the caller; an answered call without one has nobody to remind. */
  repId: string | null;
}

/**
 * Pure: the follow-up a call's outcome asks for. A caller we missed (gave up waiting, nobody
 * took it, outside working hours) is called back; a conversation gets a "next contact" reminder
 * for the rep who had it. An outbound attempt that did not connect (busy, no answer, failed,
 * refused, a machine) is the caller's own business and leaves nothing. The switch has no default
 * so that a new outcome does not compile until it has a rule here.
 */
export function followUpFor(outcome: CallOutcome, facts: FollowUpFacts): FollowUp {
  if (facts.clientId === null) return null;
  switch (outcome) {
    case 'abandoned':
    case 'missed':
    case 'after-hours':
      return 'callback';
    case 'answered':
      return facts.repId === null ? null : 'reminder';
    case 'no-answer':
    case 'busy':
    case 'failed':
    case 'machine':
    case 'rejected':
      return null;
  }
}
