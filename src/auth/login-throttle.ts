import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REDIS } from '../queue/queue.module';

/**
 * Sliding-window count of login attempts, per login and per client address, in Redis sorted sets
 * (score = time) so that every instance counts the same attempts. One script decides atomically:
 * when either set already holds its limit inside the window, the answer is how long until enough
 * of the oldest entries leave it; otherwise the attempt is added to both, which keeps a burst of
 * parallel requests from all passing the check before any is counted. A login that succeeds takes
 * its entry back (only failures count), see `succeeded`.
 */
const TRY = `
local now, window, member = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local wait = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local limit = tonumber(ARGV[3 + i])
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local entry = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(entry[2]) + window - now)
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
end
return 0
`;

export type LoginAttempt = { allowed: true; ticket: LoginTicket } | { allowed: false; retryAfterSeconds: number; firstRefusal: boolean };

/** What `succeeded` needs to take an allowed attempt back out of the counts. */
export interface LoginTicket {
  keys: string[];
  member: string;
}

@Injectable()
export class LoginThrottle {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {
    this.prefix = `${config.redis.queuePrefix}:login-throttle`;
  }

  /** Call before any password work. Redis unreachable: the attempt is allowed (logged), so an outage never locks everyone out. */
  async attempt(login: string, address: string, now = Date.now()): Promise<LoginAttempt> {
    const rules = this.config.rules.auth;
    const keys = [`${this.prefix}:login:${login}`, `${this.prefix}:address:${address}`];
    const member = `${now}:${randomUUID()}`;
    const windowMs = rules.loginWindowSeconds * 1000;
    let waitMs: number;
    try {
      waitMs = Number(await this.redis.eval(TRY, keys.length, ...keys, now, windowMs, member, rules.loginFailuresPerLogin, rules.loginFailuresPerAddress));
    } catch (error) {
      this.logger.warn({ err: error, login }, 'login throttle unavailable (Redis): attempt allowed unthrottled');
      return { allowed: true, ticket: { keys: [], member } };
    }
    if (waitMs <= 0) return { allowed: true, ticket: { keys, member } };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), firstRefusal: await this.markRefused(login, address, waitMs) };
  }

  /** The attempt was a successful login: it does not count against the login or the address. */
  async succeeded(ticket: LoginTicket): Promise<void> {
    if (ticket.keys.length === 0) return;
    try {
      await Promise.all(ticket.keys.map((key) => this.redis.zrem(key, ticket.member)));
    } catch (error) {
      this.logger.warn({ err: error }, 'login throttle: could not take back a successful attempt');
    }
  }

  /** True once per login and address per lockout, so a flood of refusals writes one audit row, not one per request. */
  private async markRefused(login: string, address: string, waitMs: number): Promise<boolean> {
    try {
      return (await this.redis.set(`${this.prefix}:refused:${login}|${address}`, '1', 'PX', Math.ceil(waitMs), 'NX')) === 'OK';
    } catch {
      return false;
    }
  }
}
