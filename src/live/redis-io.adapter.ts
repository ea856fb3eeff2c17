import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import IORedis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { createRedis } from '../queue/redis.connection';

/** socket.io over Redis pub/sub, so a dashboard connected to one instance sees every instance's events. */
export class RedisIoAdapter extends IoAdapter {
  private publisher?: IORedis;
  private subscriber?: IORedis;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly keyPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    this.publisher ??= createRedis(this.redisUrl);
    this.subscriber ??= this.publisher.duplicate();
    server.adapter(createAdapter(this.publisher, this.subscriber, { key: `${this.keyPrefix}:socket.io` }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
