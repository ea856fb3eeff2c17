import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { CallJournalService } from '../calls/call-journal.service';
import { REDIS } from '../queue/queue.module';
import { ObjectStorage } from '../storage/object-storage';
import { AriClient } from '../telephony/ari/ari.client';

export type ComponentName = 'postgres' | 'redis' | 'ari' | 'storage';

export interface ComponentHealth {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
  details?: Record<string, unknown>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<ComponentName, ComponentHealth>;
}

const CHECK_TIMEOUT_MS = 2000;

/** Each outside system is checked on its own, in parallel, each bounded by a timeout. */
@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: IORedis,
    private readonly ari: AriClient,
    private readonly storage: ObjectStorage,
    private readonly journal: CallJournalService,
  ) {}

  async report(): Promise<HealthReport> {
    const [postgres, redis, ari, storage] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
      this.probeAri(),
      probe(() => this.storage.ping()),
    ]);
    // The journal's backlog is part of PostgreSQL's health: writes waiting for it, or lost to its outage.
    const journal = this.journal.backlog();
    const components = { postgres: { ...postgres, details: { journal } }, redis, ari, storage };
    const lostWrites = journal.dropped + journal.failed > 0;
    const status = !lostWrites && Object.values(components).every((component) => component.status === 'up') ? 'ok' : 'degraded';
    return { status, components };
  }

  /** The events socket is what routing depends on; a REST answer alone would hide a dead socket. */
  private async probeAri(): Promise<ComponentHealth> {
    const socket = this.ari.health();
    const details = { socket: socket.state, reconnects: socket.reconnects, lastConnectedAt: socket.lastConnectedAt ?? null };
    // Replaced: the socket is up, but another connection holds the Stasis app and no call reaches this instance.
    if (socket.state === 'replaced') return { status: 'down', error: 'replaced', details: { ...details, appLostAt: socket.appLostAt } };
    if (socket.state !== 'connected') return { status: 'down', error: `events socket ${socket.state}`, details };
    const rest = await probe(() => this.ari.asteriskInfo());
    return { ...rest, details };
  }
}

async function probe(check: () => Promise<unknown>): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
