import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/errors/domain-error';
import { ROLES as ALL_ROLES } from '../org/user.entity';
import { bearerToken } from './account.policy';
import { JwtClaims, Principal, principalFromClaims } from './principal';

/** A token whose signature and expiry checked out; whether its account still accepts it is AccountStatusService's question. */
export interface VerifiedToken {
  principal: Principal;
  /** The account's token version when the token was issued. */
  version: number;
  expiresAt: Date;
}

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

  sign(principal: Principal, tokenVersion: number): string {
    const claims: JwtClaims = { sub: principal.userId, login: principal.login, role: principal.role, team: principal.teamId, rep: principal.repId, ver: tokenVersion };
    return this.jwt.sign(claims, { secret: this.secret, expiresIn: this.config.auth.jwtTtlSeconds, algorithm: 'HS256' });
  }

  verify(token: string): VerifiedToken {
    let claims: JwtClaims & { exp?: number };
    try {
      claims = this.jwt.verify<JwtClaims & { exp?: number }>(token, { secret: this.secret, algorithms: ['HS256'] });
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', `Invalid token: ${(error as Error).message}`);
    }
    if (!claims.sub || !(ALL_ROLES as readonly string[]).includes(claims.role) || typeof claims.exp !== 'number') {
      throw new DomainError('UNAUTHENTICATED', 'Invalid token: malformed claims');
    }
    // Tokens signed before versions existed carry none: they match version 0 until the first bump.
    const version = Number.isInteger(claims.ver) ? (claims.ver as number) : 0;
    return { principal: principalFromClaims(claims), version, expiresAt: new Date(claims.exp * 1000) };
  }

  /** An HTTP `Authorization` header: the `Bearer` scheme is required (any case). */
  verifyBearer(header: string | undefined): VerifiedToken {
    if (!header) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
    const token = bearerToken(header);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Authorization must use the Bearer scheme: "Bearer <token>"');
    return this.verify(token);
  }

  /** The socket.io auth payload's `token` field: the token itself, or the same value as an Authorization header. */
  verifyHandshakeToken(token: string): VerifiedToken {
    const bare = bearerToken(token) ?? token.trim();
    if (!bare) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
    return this.verify(bare);
  }
}
