import { Principal } from '../auth/principal';

/** Room names are derived from validated ids only. */
export const teamRoom = (teamId: string): string => `team:${teamId}`;
export const repRoom = (repId: string): string => `rep:${repId}`;
export const ALL_ROOM = 'all';
/** Every socket of one user, whatever its role: used to cut them all off when the user's tokens are revoked. */
export const userRoom = (userId: string): string => `user:${userId}`;

/** The rooms a connection joins on its own: its team (supervisors, trainers), itself (reps), all (admins). */
export function defaultRooms(principal: Principal): string[] {
  switch (principal.role) {
    case 'admin':
      return [ALL_ROOM];
    case 'rep':
      return principal.repId ? [repRoom(principal.repId)] : [];
    default:
      return principal.teamId ? [teamRoom(principal.teamId)] : [];
  }
}

/** Where an event about a team (and optionally one rep) goes. */
export function roomsFor(scope: { teamId: string | null; repId?: string | null }): string[] {
  const rooms = [ALL_ROOM];
  if (scope.teamId) rooms.push(teamRoom(scope.teamId));
  if (scope.repId) rooms.push(repRoom(scope.repId));
  return rooms;
}
