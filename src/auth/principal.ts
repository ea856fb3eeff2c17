import { Role } from '../org/user.entity';

/** Who is calling, as carried in the JWT and attached to every authenticated request/socket. */
export interface Principal {
  userId: string;
  login: string;
  role: Role;
  teamId: string | null;
  repId: string | null;
}

export interface JwtClaims {
  sub: string;
  login: string;
  role: Role;
  team: string | null;
  rep: string | null;
  /** The account's token version at signing; absent in tokens older than versioning (read as 0). */
  ver?: number;
}

export function principalFromClaims(claims: JwtClaims): Principal {
  return { userId: claims.sub, login: claims.login, role: claims.role, teamId: claims.team, repId: claims.rep };
}
