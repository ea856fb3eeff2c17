import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { setBounded } from '../common/collections/bounded-map';
import { DomainError } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccountState, tokenRefusal } from './account.policy';
import { VerifiedToken } from './token.service';

const MAX_CACHED_ACCOUNTS = 10_000;

/**
 * Whether a token's account still accepts it: every authenticated request and socket handshake
 * asks. The answer comes from the database (user active, rep enabled, token version) and is kept
 * per instance for `rules.auth.accountCacheSeconds`, so a change made on another instance takes
 * effect here within that time and the common case costs no query.
 */
@Injectable()
export class AccountStatusService {
  private readonly cache = new Map<string, { account: AccountState | null; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws TOKEN_REVOKED when the account is gone, disabled, or has moved to a newer token version. */
  async assertAccepted(token: VerifiedToken, now = Date.now()): Promise<void> {
    const refusal = tokenRefusal(token.version, await this.account(token.principal.userId, now, token.version));
    if (refusal) throw new DomainError(refusal, 'This token is no longer valid (account disabled or changed); sign in again');
  }

  /**
   * The account as it is now: read from the database, at most `accountCacheSeconds` old. A token
   * newer than the cached version proves the cache stale (re-enabled elsewhere, signed in again):
   * then it is read again, so a fresh sign-in is never refused for the cache's sake.
   */
  async account(userId: string, now = Date.now(), seenVersion = 0): Promise<AccountState | null> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > now && (cached.account?.tokenVersion ?? 0) >= seenVersion) return cached.account;
    const account = await readAccount(this.dataSource.manager, userId);
    const ttlMs = this.config.rules.auth.accountCacheSeconds * 1000;
    if (ttlMs > 0) {
      this.cache.delete(userId); // re-insert so the bound drops the least recently read
      setBounded(this.cache, userId, { account, until: now + ttlMs }, MAX_CACHED_ACCOUNTS);
    }
    return account;
  }

  /**
   * Every token issued so far stops working: on this instance at once, on the others within the
   * cache time. Live sockets of the user are cut off everywhere (the live gateway listens).
   * Call it after the change that causes it is committed, so no request re-reads the old state.
   */
  async revokeTokens(userId: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [userId]);
    this.cache.delete(userId);
    this.events.emit('account.revoked', { userId, reason, at: new Date() });
  }
}

async function readAccount(manager: EntityManager, userId: string): Promise<AccountState | null> {
  const rows: { enabled: boolean; token_version: number }[] = await manager.query(
    `SELECT u.active AND COALESCE(r.enabled, true) AS enabled, u.token_version
       FROM users u LEFT JOIN reps r ON r.user_id = u.id
      WHERE u.id = $1`,
    [userId],
  );
  return rows[0] ? { enabled: rows[0].enabled, tokenVersion: rows[0].token_version } : null;
}
