import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REDIS } from '../queue/queue.module';

/**
 * Pace and concurrency per campaign, in Redis so every instance and every restart sees the same
 * numbers. One Lua script decides atomically:
 *  - concurrency: a sorted set of live call ids scored by a lease expiry. A call that ends releases
 *    its member; a crashed instance's members expire (lease = ring time + longest call), so a
 *    restart never leaks slots forever and never forgets the calls still up.
 *  - pace: GCRA (a virtual "next free slot" time): calls start at most every 1000/cps ms.
 * The answer is "go" or "retry in N ms"; the caller (the dial job) re-delays itself.
 */
const ACQUIRE = `
local active, pace = KEYS[1], KEYS[2]
local now, limit, interval, lease, member = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
redis.call('ZREMRANGEBYSCORE', active, '-inf', now)
if redis.call('ZSCORE', active, member) then return 0 end
if redis.call('ZCARD', active) >= limit then
  local soonest = redis.call('ZRANGE', active, 0, 0, 'WITHSCORES')
  return -math.max(50, math.min(1000, tonumber(soonest[2]) - now))
end
local nextFree = tonumber(redis.call('GET', pace) or '0')
if nextFree > now then return -math.max(1, nextFree - now) end
redis.call('SET', pace, tostring(math.max(nextFree, now) + interval), 'PX', math.ceil(interval) + 1000)
redis.call('ZADD', active, now + lease, member)
redis.call('PEXPIRE', active, lease)
return 0
`;

export type LimiterAnswer = { granted: true } | { granted: false; retryInMs: number };

@Injectable()
export class DialLimiter {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redis.queuePrefix}:dialer`;
  }

  async acquire(campaignId: string, callId: string, limits: { concurrency: number; callsPerSecond: number; leaseMs: number }, now = Date.now()): Promise<LimiterAnswer> {
    const interval = 1000 / limits.callsPerSecond;
    const result = Number(await this.redis.eval(ACQUIRE, 2, this.activeKey(campaignId), `${this.prefix}:pace:${campaignId}`, now, limits.concurrency, interval, limits.leaseMs, callId));
    return result === 0 ? { granted: true } : { granted: false, retryInMs: Math.ceil(-result) };
  }

  async release(campaignId: string, callId: string): Promise<void> {
    await this.redis.zrem(this.activeKey(campaignId), callId);
  }

  async active(campaignId: string, now = Date.now()): Promise<number> {
    return this.redis.zcount(this.activeKey(campaignId), now, '+inf');
  }

  async reset(campaignId: string): Promise<void> {
    await this.redis.del(this.activeKey(campaignId), `${this.prefix}:pace:${campaignId}`);
  }

  private activeKey(campaignId: string): string {
    return `${this.prefix}:active:${campaignId}`;
  }
}
