import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis } from '../queue/redis.connection';
import { StatsEvent } from './live-stats.types';

/**
 * Redis pub/sub for statistics events: every instance publishes the facts it sees and every
 * instance (itself included) applies all of them in Redis' one delivery order, so each instance
 * holds the same replica and a dashboard on any instance sees every instance's calls.
 */
@Injectable()
export class StatsBus implements OnModuleDestroy {
  private publisher?: IORedis;
  private subscriber?: IORedis;
  private readonly channel: string;
  private readonly logger: AppLogger;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, @Inject(ROOT_LOGGER) logger: AppLogger) {
    this.channel = `${config.redis.queuePrefix}:stats:events`;
    this.logger = logger.child({ component: 'stats-bus' });
  }

  async subscribe(handler: (event: StatsEvent) => void): Promise<void> {
    this.subscriber = createRedis(this.config.redis.url);
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        handler(JSON.parse(message) as StatsEvent);
      } catch (error) {
        this.logger.error({ err: error }, 'stats event not applied');
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  publish(event: StatsEvent): void {
    this.publisher ??= createRedis(this.config.redis.url);
    this.publisher.publish(this.channel, JSON.stringify(event)).catch((error: unknown) => this.logger.warn({ err: error, type: event.type }, 'stats event not published'));
  }

  onModuleDestroy(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
