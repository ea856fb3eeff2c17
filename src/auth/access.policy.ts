import { notFound } from '../common/errors/domain-error';
import { Principal } from './principal';

/**
 * Team scoping, in one place and pure. Admins see everything; supervisors and trainers see their
 * own team; reps see only what is theirs.
 */
export function canSeeTeam(principal: Principal, teamId: string | null): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'rep') return false;
  return teamId !== null && principal.teamId === teamId;
}

export function canSeeRep(principal: Principal, rep: { id: string; teamId: string }): boolean {
  if (principal.role === 'rep') return principal.repId === rep.id;
  return canSeeTeam(principal, rep.teamId);
}

/** Teams a principal may list; null means all. */
export function visibleTeamIds(principal: Principal): string[] | null {
  if (principal.role === 'admin') return null;
  return principal.teamId ? [principal.teamId] : [];
}

/**
 * A row named by id that the caller may not see answers exactly like one that does not exist
 * (404 NOT_FOUND, `<entity> <id> not found`), so ids cannot be probed across teams. Refusals by
 * role, which do not depend on the row, stay 403 and come before the row is read.
 */
export function requireVisible<T>(row: T | null | undefined, visible: (row: T) => boolean, entity: string, id: string): T {
  if (row === null || row === undefined || !visible(row)) throw notFound(entity, id);
  return row;
}
