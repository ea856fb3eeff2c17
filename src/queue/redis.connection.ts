import IORedis, { RedisOptions } from 'ioredis';

/** Connection options BullMQ needs (maxRetriesPerRequest null) built from one REDIS_URL. */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  };
}

export function createRedis(url: string, overrides: RedisOptions = {}): IORedis {
  return new IORedis({ ...redisOptions(url), ...overrides });
}
