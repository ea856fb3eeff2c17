import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { DeliverJobData, WEBHOOK_QUEUE } from './webhook-queue';
import { WebhooksService } from './webhooks.service';

/** Thrown so BullMQ schedules the next attempt with its exponential backoff. */
export class WebhookAttemptFailed extends Error {
  constructor(deliveryId: string, reason: string | null) {
    super(`webhook delivery ${deliveryId} not accepted: ${reason ?? 'unknown'}`);
    this.name = 'WebhookAttemptFailed';
  }
}

/** Runs one delivery attempt per job. The worker only starts when webhooks are configured. */
@Processor(WEBHOOK_QUEUE, { autorun: false, concurrency: 5 })
export class WebhookDeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly webhooks: WebhooksService,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    if (!this.webhooks.enabled) return;
    this.worker.run().catch((error: unknown) => this.logger.error({ err: error, module: 'webhooks' }, 'webhook worker stopped'));
  }

  async process(job: Job<DeliverJobData>): Promise<void> {
    const outcome = await this.webhooks.attempt(job.data.deliveryId, job.attemptsMade + 1, job.opts.attempts ?? 1);
    if (outcome.status === 'pending' || outcome.status === 'failed') throw new WebhookAttemptFailed(job.data.deliveryId, outcome.lastError);
  }
}
