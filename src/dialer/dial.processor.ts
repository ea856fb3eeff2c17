import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job } from 'bullmq';
import { DialerCallsService } from './dialer-calls.service';
import { DIALER_QUEUE, DialJobData } from './dialer.queue';

/**
 * The worker only delegates: the calls service re-reads state, checks and dials. "Later" (outside
 * the window, pace or concurrency full) moves the same job back to delayed, keeping its id.
 */
@Processor(DIALER_QUEUE, { concurrency: 20 })
export class DialProcessor extends WorkerHost {
  constructor(private readonly dialer: DialerCallsService) {
    super();
  }

  async process(job: Job<DialJobData>, token?: string): Promise<string> {
    const result = await this.dialer.runDialJob(job.data, new Date());
    if ('done' in result) return result.done;
    await job.moveToDelayed(result.later.getTime(), token);
    throw new DelayedError();
  }
}
