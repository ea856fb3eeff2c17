import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/errors/domain-error';
import { ROLES as ALL_ROLES } from '../org/user.entity';
import { JwtClaims, Principal, principalFromClaims } from './principal';

/** Signs and verifies the service's JWTs (HS256, secret from config only). */
@Injectable()
export class TokenService {
  /**
   * jsonwebtoken turns a string secret into a key on every call, first trying (and failing) to
   * read it as a public key: ~0.4 ms per request. The key object is made once.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
  }

  /** @nestjs/jwt types the secret as string | Buffer; jsonwebtoken takes a KeyObject as well. */
  private get secret(): Buffer {
    return this.key as unknown as Buffer;
  }

  sign(principal: Principal): string {
    const claims: JwtClaims = { sub: principal.userId, login: principal.login, role: principal.role, team: principal.teamId, rep: principal.repId };
    return this.jwt.sign(claims, { secret: this.secret, expiresIn: this.config.auth.jwtTtlSeconds, algorithm: 'HS256' });
  }

  verify(token: string): Principal {
    let claims: JwtClaims;
    try {
      claims = this.jwt.verify<JwtClaims>(token, { secret: this.secret, algorithms: ['HS256'] });
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', `Invalid token: ${(error as Error).message}`);
    }
    if (!claims.sub || !(ALL_ROLES as readonly string[]).includes(claims.role)) {
      throw new DomainError('UNAUTHENTICATED', 'Invalid token: malformed claims');
    }
    return principalFromClaims(claims);
  }

  /** Accepts "Bearer <token>" (HTTP) or a bare token (socket.io auth payload). */
  verifyBearer(header: string | undefined): Principal {
    if (!header) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
    return this.verify(token);
  }
}
