import { Principal } from '../../auth/principal';

export const SUPERVISION_MODES = ['listen', 'whisper', 'barge'] as const;
export type SupervisionMode = (typeof SUPERVISION_MODES)[number];

/** Pure: only an admin or a supervisor of the team whose rep is on the call may supervise it. */
export function maySupervise(principal: Principal, callTeamId: string | null): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'supervisor' && callTeamId !== null && principal.teamId === callTeamId;
}

/**
 * Pure: how the supervisor's leg joins. Listen and whisper go through a snoop on the rep's
 * channel (spy both: hear rep and client; whisper out: the supervisor's voice goes to the rep
 * only); barge puts the supervisor into the call's own bridge.
 */
export function supervisionPlan(mode: SupervisionMode): { snoop: { spy: 'both'; whisper: 'out' | 'none' } | null } {
  if (mode === 'barge') return { snoop: null };
  return { snoop: { spy: 'both', whisper: mode === 'whisper' ? 'out' : 'none' } };
}
