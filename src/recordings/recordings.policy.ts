import { Principal } from '../auth/principal';

/** The parts of a call that decide who may see or steer its recording. */
export interface CallScope {
  repId: string | null;
  teamId: string | null;
}

/** Reps hear only their own calls; trainers and supervisors their team's; admins all. */
export function canAccessRecording(principal: Principal, call: CallScope): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'rep':
      return principal.repId !== null && principal.repId === call.repId;
    case 'trainer':
    case 'supervisor':
      return principal.teamId !== null && principal.teamId === call.teamId;
    default:
      return false;
  }
}

/** Pause/resume: the rep on the call, a supervisor of that team, or an admin. Trainers only listen. */
export function canControlRecording(principal: Principal, call: CallScope): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'rep') return principal.repId !== null && principal.repId === call.repId;
  if (principal.role === 'supervisor') return principal.teamId !== null && principal.teamId === call.teamId;
  return false;
}

/** Scoring is a trainer's job; supervisors and admins may too, reps never score calls. */
export function scoresCalls(principal: Principal): boolean {
  return principal.role !== 'rep';
}

export function canScoreRecording(principal: Principal, call: CallScope): boolean {
  return scoresCalls(principal) && canAccessRecording(principal, call);
}

/** Pause/resume is for reps, supervisors and admins; trainers only listen, whatever the call. */
export function steersRecordings(principal: Principal): boolean {
  return principal.role !== 'trainer';
}

/**
 * What a search may cover: null = everything (admin); otherwise a team or a rep. A filter naming
 * another team (or another rep, for a rep) is refused, not silently narrowed.
 */
export type SearchScope = { kind: 'all' } | { kind: 'team'; teamId: string } | { kind: 'rep'; repId: string } | { kind: 'denied'; reason: string };

export function searchScope(principal: Principal, filter: { teamId?: string; repId?: string }): SearchScope {
  if (principal.role === 'admin') return { kind: 'all' };
  if (principal.role === 'rep') {
    if (!principal.repId) return { kind: 'denied', reason: 'no rep profile' };
    if (filter.repId && filter.repId !== principal.repId) return { kind: 'denied', reason: 'another rep' };
    if (filter.teamId && filter.teamId !== principal.teamId) return { kind: 'denied', reason: 'another team' };
    return { kind: 'rep', repId: principal.repId };
  }
  if (!principal.teamId) return { kind: 'denied', reason: 'no team' };
  if (filter.teamId && filter.teamId !== principal.teamId) return { kind: 'denied', reason: 'another team' };
  return { kind: 'team', teamId: principal.teamId };
}

export interface RecordingRules {
  directions: readonly string[];
  disabledCampaignIds: readonly string[];
}

export type RecordDecision = { record: true } | { record: false; reason: 'direction-off' | 'campaign-off' | 'client-refused' };

/** Whether a freshly bridged call is recorded. */
export function shouldRecord(call: { direction: string; campaignId: string | null; clientRefused: boolean }, rules: RecordingRules): RecordDecision {
  if (!rules.directions.includes(call.direction)) return { record: false, reason: 'direction-off' };
  if (call.campaignId && rules.disabledCampaignIds.includes(call.campaignId)) return { record: false, reason: 'campaign-off' };
  if (call.clientRefused) return { record: false, reason: 'client-refused' };
  return { record: true };
}
