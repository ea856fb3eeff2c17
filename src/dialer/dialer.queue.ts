import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { dialJobId } from './dial.policy';

export const DIALER_QUEUE = 'dialer';

export interface DialJobData {
  campaignId: string;
  targetId: string;
  attemptNo: number;
}

/** Puts dial attempts on the queue as delayed jobs with deterministic ids (one per attempt). */
@Injectable()
export class DialScheduler {
  constructor(@InjectQueue(DIALER_QUEUE) private readonly queue: Queue<DialJobData>) {}

  async schedule(data: DialJobData, at: Date, now = new Date()): Promise<void> {
    // Same id twice is a no-op while the first job exists; finished jobs are removed so a later
    // resume can schedule the same attempt again (the job re-reads state and exits if moved on).
    await this.queue.add('dial', data, { jobId: dialJobId(data.campaignId, data.targetId, data.attemptNo), delay: Math.max(0, at.getTime() - now.getTime()), removeOnComplete: true, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
  }

  async scheduleMany(items: Array<{ data: DialJobData; at: Date }>, now = new Date()): Promise<void> {
    for (let index = 0; index < items.length; index += 500) {
      await this.queue.addBulk(
        items.slice(index, index + 500).map(({ data, at }) => ({
          name: 'dial',
          data,
          opts: { jobId: dialJobId(data.campaignId, data.targetId, data.attemptNo), delay: Math.max(0, at.getTime() - now.getTime()), removeOnComplete: true, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
        })),
      );
    }
  }
}
