import { BullModule } from '@nestjs/bullmq';
import { Global, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { createRedis, redisOptions, watchRedisLink } from './redis.connection';

export const REDIS = Symbol('REDIS');

/** BullMQ's shared connection settings and one plain Redis client for health and light state. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redis.url), prefix: config.redis.queuePrefix }),
    }),
  ],
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG, ROOT_LOGGER],
      // Health must fail fast when Redis is gone instead of queueing the PING.
      useFactory: (config: AppConfig, logger: AppLogger) =>
        watchRedisLink(createRedis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }), logger.child({ component: 'redis' }), '/health reports it; queued jobs wait in the clients'),
    },
  ],
  exports: [REDIS, BullModule],
})
export class QueueModule implements OnModuleDestroy {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
