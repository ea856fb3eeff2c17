import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainError, notFound } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WebhookDelivery } from './webhook-delivery.entity';
import { afterAttempt, AttemptOutcome, DeliveryStatus } from './webhook-delivery.policy';
import { WebhookPayload } from './webhook-events';
import { WebhookQueue } from './webhook-queue';
import { WebhookSender } from './webhook-sender';

export interface DeliveryListQuery {
  status?: DeliveryStatus;
  limit?: number;
}

export type DeliveryAttempt = AttemptOutcome | { status: 'skipped' };

const RESUME_BATCH = 1000;

@Injectable()
export class WebhooksService {
  private readonly logger: AppLogger;

  constructor(
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly queue: WebhookQueue,
    private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: AppLogger,
  ) {
    this.logger = rootLogger.child({ module: 'webhooks' });
  }

  get enabled(): boolean {
    return Boolean(this.config.webhooks.url);
  }

  /** Stores the event in the delivery log first, so nothing is lost if Redis hiccups, then queues it. */
  async record(payload: WebhookPayload): Promise<void> {
    if (!this.enabled) return;
    await this.deliveries
      .createQueryBuilder()
      .insert()
      .values({ id: payload.id, eventType: payload.type, payload: payload as QueryDeepPartialEntity<WebhookPayload>, status: 'pending', attempts: 0, nextAttemptAt: new Date() })
      .orIgnore()
      .execute();
    await this.queue.enqueue(payload.id);
  }

  /** After a crash between storing and queueing: job ids are deterministic, so re-adding is harmless. */
  async resumePending(): Promise<number> {
    const pending = await this.deliveries.find({ where: { status: 'pending' }, select: { id: true }, order: { createdAt: 'ASC' }, take: RESUME_BATCH });
    for (const { id } of pending) await this.queue.enqueue(id);
    return pending.length;
  }

  /** One attempt. Re-reads the row first: a delivery that has moved on is left alone. */
  async attempt(deliveryId: string, attempt: number, maxAttempts: number): Promise<DeliveryAttempt> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return { status: 'skipped' };
    const result = await this.sender.send(delivery.payload, new Date());
    const finishedAt = new Date();
    const outcome = afterAttempt(attempt, result, { maxAttempts, backoffMs: this.config.webhooks.backoffMs }, finishedAt);
    await this.deliveries
      .createQueryBuilder()
      .update()
      .set({
        attempts: () => 'attempts + 1',
        status: outcome.status,
        lastStatusCode: result.statusCode,
        lastError: outcome.lastError?.slice(0, 500) ?? null,
        nextAttemptAt: outcome.nextAttemptAt,
        deliveredAt: outcome.status === 'delivered' ? finishedAt : null,
      })
      .where('id = :id AND status = :pending', { id: deliveryId, pending: 'pending' })
      .execute();
    const log = { deliveryId, eventType: delivery.eventType, attempt, statusCode: result.statusCode, status: outcome.status };
    if (outcome.status === 'failed') this.logger.warn({ ...log, error: outcome.lastError }, 'webhook delivery failed for good');
    else this.logger.debug(log, 'webhook delivery attempt');
    return outcome;
  }

  list(query: DeliveryListQuery): Promise<WebhookDelivery[]> {
    return this.deliveries.find({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit ?? 50,
    });
  }

  /** An admin's second chance for a failed delivery (or a nudge for a pending one whose job went missing). */
  async retry(deliveryId: string): Promise<WebhookDelivery> {
    if (!this.enabled) throw new DomainError('INVALID_STATE', 'Webhooks are not configured (WEBHOOK_URL is not set)');
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    if (!delivery) throw notFound('Webhook delivery', deliveryId);
    if (delivery.status === 'delivered') {
      throw new DomainError('INVALID_STATE', `Webhook delivery ${deliveryId} was already delivered`, { status: delivery.status });
    }
    if (delivery.status === 'failed') {
      await this.deliveries.update({ id: deliveryId, status: 'failed' }, { status: 'pending', nextAttemptAt: new Date() });
      await this.queue.requeue(deliveryId);
    } else {
      await this.queue.enqueue(deliveryId);
    }
    this.logger.info({ deliveryId, previousStatus: delivery.status }, 'webhook delivery retry requested');
    return this.deliveries.findOneByOrFail({ id: deliveryId });
  }
}
