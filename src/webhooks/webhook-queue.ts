import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const WEBHOOK_QUEUE = 'webhooks';
export const DELIVER_JOB = 'deliver';

export interface DeliverJobData {
  deliveryId: string;
}

/** Finished jobs are kept a while so a late duplicate with the same job id is still refused. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };

/** The BullMQ side of webhooks: one job per delivery, its id being the delivery (event) id. */
@Injectable()
export class WebhookQueue {
  constructor(
    @InjectQueue(WEBHOOK_QUEUE) private readonly queue: Queue<DeliverJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Idempotent: BullMQ ignores an add whose job id already exists (waiting, delayed, active or kept). */
  async enqueue(deliveryId: string): Promise<void> {
    const { maxAttempts, backoffMs } = this.config.webhooks;
    await this.queue.add(
      DELIVER_JOB,
      { deliveryId },
      {
        jobId: deliveryId,
        attempts: maxAttempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      },
    );
  }

  /** A manual retry: the kept failed job would swallow a new add with the same id, so drop it first. */
  async requeue(deliveryId: string): Promise<void> {
    const existing = await this.queue.getJob(deliveryId);
    if (existing && (await existing.isFailed())) await existing.remove();
    await this.enqueue(deliveryId);
  }
}
