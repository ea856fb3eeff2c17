import { canSeeRep, canSeeTeam, requireVisible } from '../../src/auth/access.policy';
import { Principal } from '../../src/auth/principal';
import { DomainError } from '../../src/common/errors/domain-error';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const principal = (role: Principal['role'], repId: string | null = null): Principal => ({ userId: `user-${role}`, login: role, role, teamId: role === 'admin' ? null : TEAM_A, repId });

describe('requireVisible: a row out of reach reads like a missing row', () => {
  const rep = { id: 'rep-b', teamId: TEAM_B };

  it.each([
    ['a visible row', principal('admin'), rep, 'ok'],
    ['a row of another team', principal('supervisor'), rep, 'missing'],
    ['a teammate, for a rep', principal('rep', 'rep-a'), { id: 'rep-a2', teamId: TEAM_A }, 'missing'],
    ['no row at all', principal('admin'), null, 'missing'],
  ] as const)('%s', (_name, actor, row, outcome) => {
    const attempt = () => requireVisible(row, (found) => canSeeRep(actor, found), 'rep', 'the-id');
    if (outcome === 'ok') expect(attempt()).toBe(row);
    else expect(attempt).toThrow(new DomainError('NOT_FOUND', 'rep the-id not found', { entity: 'rep', id: 'the-id' }));
  });

  it('throws the same error, message and details for hidden and missing rows', () => {
    const hidden = catchError(() => requireVisible({ teamId: TEAM_B }, (row) => canSeeTeam(principal('trainer'), row.teamId), 'campaign', 'x'));
    const missing = catchError(() => requireVisible(undefined, () => true, 'campaign', 'x'));
    expect([hidden.code, hidden.message, hidden.details]).toEqual([missing.code, missing.message, missing.details]);
    expect(hidden.status).toBe(404);
  });
});

function catchError(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}
