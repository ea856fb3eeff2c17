import { AgentState } from '../org/rep.entity';
import { RosterRep } from './roster.types';

export type RepEvent =
  | { type: 'offered' }
  | { type: 'answered' }
  | { type: 'offer-failed'; reason: 'no-answer' | 'busy' | 'unreachable' | 'cancelled' }
  | { type: 'call-ended' }
  | { type: 'wrap-up-elapsed' }
  | { type: 'reachability'; reachable: boolean }
  | { type: 'pause'; reason: string }
  | { type: 'resume' }
  | { type: 'force'; state: AgentState; reason?: string }
  | { type: 'new-day' };

export interface RepStateRules {
  wrapUpSeconds: number;
  noAnswerPauseAfter: number;
}

export interface RepTransition {
  rep: RosterRep;
  /** Set when the rep entered wrap-up: when to send 'wrap-up-elapsed'. */
  wrapUpUntil: Date | null;
  changed: boolean;
}

/**
 * The agent state machine. A rep whose call ended always leaves on-call (to wrap-up or available),
 * whatever else happened, so a state can never stick.
 */
export function repTransition(rep: RosterRep, event: RepEvent, rules: RepStateRules, now: Date): RepTransition {
  const next = { ...rep };
  let wrapUpUntil: Date | null = null;
  const enter = (state: AgentState, pauseReason: string | null = null): void => {
    if (next.state !== state || next.pauseReason !== pauseReason) next.stateSince = now;
    next.state = state;
    next.pauseReason = pauseReason;
  };
  switch (event.type) {
    case 'offered':
      enter('ringing');
      next.lastOfferedAt = now;
      break;
    case 'answered':
      enter('on-call');
      next.consecutiveNoAnswers = 0;
      break;
    case 'offer-failed':
      if (event.reason === 'no-answer') next.consecutiveNoAnswers += 1;
      if (next.state !== 'ringing') break;
      if (next.consecutiveNoAnswers >= rules.noAnswerPauseAfter) enter('paused', 'no-answer');
      else if (event.reason === 'unreachable') enter('offline');
      else enter('available');
      break;
    case 'call-ended':
      next.lastCallEndedAt = now;
      next.callsToday += 1;
      if (next.state === 'paused' || next.state === 'offline') break;
      if (rules.wrapUpSeconds > 0) {
        enter('wrap-up');
        wrapUpUntil = new Date(now.getTime() + rules.wrapUpSeconds * 1000);
      } else enter('available');
      break;
    case 'wrap-up-elapsed':
      if (next.state === 'wrap-up') enter('available');
      break;
    case 'reachability':
      next.reachable = event.reachable;
      if (!event.reachable && (next.state === 'available' || next.state === 'ringing')) enter('offline');
      if (event.reachable && next.state === 'offline') enter('available');
      break;
    case 'pause':
      if (next.state === 'on-call' || next.state === 'ringing') break;
      enter('paused', event.reason);
      break;
    case 'resume':
      if (next.state === 'paused' || next.state === 'wrap-up') {
        next.consecutiveNoAnswers = 0;
        enter(next.reachable ? 'available' : 'offline');
      }
      break;
    case 'force':
      if (event.state === 'paused') enter('paused', event.reason ?? 'supervisor');
      else enter(event.state);
      if (event.state === 'available') next.consecutiveNoAnswers = 0;
      break;
    case 'new-day':
      next.callsToday = 0;
      break;
  }
  const changed = next.state !== rep.state || next.pauseReason !== rep.pauseReason || next.reachable !== rep.reachable;
  return { rep: next, wrapUpUntil, changed };
}
