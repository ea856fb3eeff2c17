import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { RecordingRetentionService } from './recording-retention.service';
import { RECORDINGS_QUEUE, RETENTION_JOB, SWEEP_JOB, UPLOAD_JOB, UploadJobData } from './recording-upload.queue';
import { RecordingUploadService, UploadOutcome } from './recording-upload.service';
import { uploadBackoffStrategy } from './upload-backoff.policy';

/** Validates the job and delegates; failures throw so BullMQ retries with backoff. */
@Processor(RECORDINGS_QUEUE, { concurrency: 4, settings: { backoffStrategy: uploadBackoffStrategy } })
export class RecordingsProcessor extends WorkerHost {
  constructor(
    private readonly uploads: RecordingUploadService,
    private readonly retention: RecordingRetentionService,
  ) {
    super();
  }

  async process(job: Job): Promise<UploadOutcome | number | { requeued: number }> {
    switch (job.name) {
      case UPLOAD_JOB:
        return this.uploads.process((job.data as UploadJobData).recordingId, new Date());
      case SWEEP_JOB:
        return { requeued: await this.uploads.sweep(new Date()) };
      case RETENTION_JOB:
        return this.retention.applyRetention(new Date());
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }
}
