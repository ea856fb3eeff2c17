import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis, watchRedisLink } from '../queue/redis.connection';
import { StatsEvent } from './live-stats.types';

/** Events kept while the subscriber is away (a busy floor publishes a few per call). */
const MAX_HELD_EVENTS = 50_000;

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
  private readonly outbox: StatsEvent[] = [];
  /**
   * Events published while this instance's subscriber is not subscribed (its Redis link is down).
   * Published then, they would reach Redis before the subscriber is back and never come back to
   * this instance's own replica: its dashboards would show a stale floor after a Redis outage.
   */
  private readonly held: StatsEvent[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, @Inject(ROOT_LOGGER) logger: AppLogger) {
    this.channel = `${config.redis.queuePrefix}:stats:events`;
    this.logger = logger.child({ component: 'stats-bus' });
  }

  async subscribe(handler: (event: StatsEvent) => void): Promise<void> {
    this.subscriber = watchRedisLink(createRedis(this.config.redis.url), this.logger.child({ role: 'subscriber' }), 'statistics events published meanwhile are not applied here');
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        const parsed = JSON.parse(message) as StatsEvent | StatsEvent[];
        for (const event of Array.isArray(parsed) ? parsed : [parsed]) handler(event);
      } catch (error) {
        this.logger.error({ err: error }, 'stats event not applied');
      }
    });
    // ioredis reports ready, then writes its SUBSCRIBE again in the same tick: what was held goes
    // out on the next one, behind it.
    this.subscriber.on('ready', () => setImmediate(() => this.flush()));
    await this.subscriber.subscribe(this.channel);
  }

  /**
   * Events of one tick leave as one message (a JSON array), in the order they were published: a
   * busy floor publishes several per call, and each message is a round of Redis work on both sides.
   */
  publish(event: StatsEvent): void {
    this.outbox.push(event);
    if (this.outbox.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.subscriber && this.subscriber.status !== 'ready') {
      this.hold(this.outbox.splice(0));
      return;
    }
    const batch = [...this.held.splice(0), ...this.outbox.splice(0)];
    if (batch.length === 0) return;
    this.publisher ??= watchRedisLink(createRedis(this.config.redis.url), this.logger.child({ role: 'publisher' }), 'statistics events wait in the client');
    this.publisher.publish(this.channel, JSON.stringify(batch)).catch((error: unknown) => this.logger.warn({ err: error, events: batch.length }, 'stats events not published'));
  }

  private hold(events: StatsEvent[]): void {
    this.held.push(...events);
    const excess = this.held.length - MAX_HELD_EVENTS;
    if (excess > 0) {
      this.held.splice(0, excess);
      this.logger.warn({ dropped: excess, held: this.held.length }, 'stats events held during a Redis outage over their bound: oldest dropped (dashboards resync on reconnect)');
    }
  }

  onModuleDestroy(): void {
    this.flush();
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
