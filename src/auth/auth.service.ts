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
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  async login(login: string, password: string): Promise<{ accessToken: string; expiresInSeconds: number; role: string }> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.login = :login', { login: login.toLowerCase() })
      .getOne();
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid || !user.active) {
      await this.audit.record({ actor: null, action: 'auth.login', entityType: 'user', entityId: user?.id ?? null, outcome: 'denied', details: { login: login.slice(0, 40) } });
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong login or password');
    }
    const rep = await this.reps.findOne({ where: { userId: user.id }, select: { id: true } });
    const accessToken = this.tokens.sign({ userId: user.id, login: user.login, role: user.role, teamId: user.teamId, repId: rep?.id ?? null });
    return { accessToken, expiresInSeconds: this.config.auth.jwtTtlSeconds, role: user.role };
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
