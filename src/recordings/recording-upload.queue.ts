import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UPLOAD_BACKOFF_TYPE } from './upload-backoff.policy';

export const RECORDINGS_QUEUE = 'recordings';
export const UPLOAD_JOB = 'upload';
export const SWEEP_JOB = 'sweep';
export const RETENTION_JOB = 'retention';
/** Deterministic scheduler ids: every instance upserts the same ones. */
export const SWEEP_SCHEDULER = 'recordings:sweep-every-60s';
export const RETENTION_SCHEDULER = 'recordings:retention-hourly';

export interface UploadJobData {
  recordingId: string;
  /** The longest wait between two attempts (the backoff strategy reads it from the job). */
  backoffMaxMs?: number;
}

const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };

/** One upload job per recording, its id being the recording id: adding twice is a no-op. */
@Injectable()
export class RecordingUploadQueue implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(RECORDINGS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(SWEEP_SCHEDULER, { every: 60_000 }, { name: SWEEP_JOB, opts: { removeOnComplete: 50, removeOnFail: 100 } });
    await this.queue.upsertJobScheduler(RETENTION_SCHEDULER, { every: 3_600_000 }, { name: RETENTION_JOB, opts: { removeOnComplete: 50, removeOnFail: 100 } });
  }

  async enqueue(recordingId: string, delayMs = 0): Promise<void> {
    const { uploadAttempts, uploadBackoffMs, uploadBackoffMaxMs } = this.config.rules.recordings;
    await this.queue.add(
      UPLOAD_JOB,
      { recordingId, backoffMaxMs: uploadBackoffMaxMs } satisfies UploadJobData,
      { jobId: recordingId, delay: delayMs, attempts: uploadAttempts, backoff: { type: UPLOAD_BACKOFF_TYPE, delay: uploadBackoffMs }, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
    );
  }

  /** For the sweeper: a job that used up its attempts would swallow a new add with its id. */
  async requeue(recordingId: string): Promise<boolean> {
    const existing = await this.queue.getJob(recordingId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'failed' && state !== 'completed') return false;
      await existing.remove();
    }
    await this.enqueue(recordingId);
    return true;
  }
}
