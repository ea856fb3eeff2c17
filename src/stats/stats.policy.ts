import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { StatsScope } from './live-stats.types';

/**
 * Pure: which live view a principal gets. Admins: all, or any team they ask for; supervisors and
 * trainers: their own team only; reps: only their own view.
 */
export function statsScopeFor(principal: Principal, requestedTeamId?: string | null): StatsScope {
  if (principal.role === 'admin') return requestedTeamId ? { kind: 'team', teamId: requestedTeamId } : { kind: 'all' };
  if (principal.role === 'rep') {
    if (requestedTeamId || !principal.repId) throw new DomainError('FORBIDDEN', 'A rep sees only their own view');
    return { kind: 'rep', repId: principal.repId, teamId: principal.teamId };
  }
  if (!principal.teamId) throw new DomainError('FORBIDDEN', 'No team to show');
  if (requestedTeamId && requestedTeamId !== principal.teamId) throw new DomainError('FORBIDDEN', "Only your own team's statistics");
  return { kind: 'team', teamId: principal.teamId };
}
