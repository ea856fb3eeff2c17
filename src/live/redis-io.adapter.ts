import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import IORedis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { createRedis, watchRedisLink } from '../queue/redis.connection';

/** socket.io over Redis pub/sub, so a dashboard connected to one instance sees every instance's events. */
export class RedisIoAdapter extends IoAdapter {
  private publisher?: IORedis;
  private subscriber?: IORedis;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly keyPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    this.publisher ??= this.watched(createRedis(this.redisUrl), 'publisher');
    this.subscriber ??= this.watched(this.publisher.duplicate(), 'subscriber');
    server.adapter(createAdapter(this.publisher, this.subscriber, { key: `${this.keyPrefix}:socket.io` }));
    return server;
  }

  private watched(redis: IORedis, role: string): IORedis {
    const logger = this.app.get<AppLogger>(ROOT_LOGGER).child({ component: 'socket.io-redis', role });
    return watchRedisLink(redis, logger, 'dashboards on other instances miss live events until it is back');
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
