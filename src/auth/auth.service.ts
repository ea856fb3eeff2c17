import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Rep } from '../org/rep.entity';
import { User } from '../org/user.entity';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';

/** Verifying against this when the login is unknown keeps response time from revealing which logins exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Rep) private readonly reps: Repository<Rep>,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  /**
   * The throttle is asked first, so a refused attempt costs one Redis round trip and no scrypt.
   * An unknown login is verified against a dummy hash so that its timing matches a known one.
   */
  async login(login: string, password: string, address: string): Promise<{ accessToken: string; expiresInSeconds: number; role: string }> {
    const normalized = login.toLowerCase();
    const attempt = await this.throttle.attempt(normalized, address);
    if (!attempt.allowed) {
      if (attempt.firstRefusal) await this.auditDenied(null, normalized, address, 'throttled', { retryAfterSeconds: attempt.retryAfterSeconds });
      throw new DomainError('LOGIN_THROTTLED', `Too many failed logins; try again in ${attempt.retryAfterSeconds} s`, { retryAfterSeconds: attempt.retryAfterSeconds });
    }
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect(['user.passwordHash', 'user.tokenVersion'])
      .where('user.login = :login', { login: normalized })
      .getOne();
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) {
      await this.auditDenied(user?.id ?? null, normalized, address, 'credentials');
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong login or password');
    }
    const rep = await this.reps.findOne({ where: { userId: user.id }, select: { id: true, enabled: true } });
    // Told only to whoever knows the password: the account exists but an admin or supervisor switched it off.
    if (!user.active || (rep && !rep.enabled)) {
      await this.auditDenied(user.id, normalized, address, 'disabled');
      throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled');
    }
    await this.throttle.succeeded(attempt.ticket);
    const accessToken = this.tokens.sign({ userId: user.id, login: user.login, role: user.role, teamId: user.teamId, repId: rep?.id ?? null }, user.tokenVersion);
    return { accessToken, expiresInSeconds: this.config.auth.jwtTtlSeconds, role: user.role };
  }

  private auditDenied(userId: string | null, login: string, address: string, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({ actor: null, action: 'auth.login', entityType: 'user', entityId: userId, outcome: 'denied', details: { login: login.slice(0, 40), address, reason, ...extra } });
  }

  /** The first admin comes from config, so a fresh install can be signed into without SQL. */
  async onApplicationBootstrap(): Promise<void> {
    const login = this.config.auth.adminLogin;
    const exists = await this.users.exist({ where: { login } });
    if (exists) return;
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ login, displayName: 'Administrator', passwordHash: await hashPassword(this.config.auth.adminPassword), role: 'admin', teamId: null })
      .orIgnore()
      .execute();
    this.logger.info({ login }, 'bootstrap admin created');
  }
}
