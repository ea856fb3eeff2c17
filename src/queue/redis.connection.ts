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

/**
 * ioredis reconnects by itself; without an 'error' listener it prints every failed attempt to
 * stderr as an unhandled error event. One warning when the link drops, one line when it is back.
 */
export function watchRedisLink(redis: IORedis, logger: { warn(obj: object, msg: string): void; info(msg: string): void }, consequence: string): IORedis {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, `Redis link down; ${consequence}`);
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis link back');
    down = false;
  });
  return redis;
}
