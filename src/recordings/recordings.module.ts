import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { RecordingAccessService } from './recording-access.service';
import { RecordingCaptureService } from './recording-capture.service';
import { RecordingRetentionService } from './recording-retention.service';
import { AriRecordingSource, RECORDING_SOURCE } from './recording-source';
import { RecordingUploadQueue, RECORDINGS_QUEUE } from './recording-upload.queue';
import { RecordingsProcessor } from './recordings.processor';
import { RecordingUploadService } from './recording-upload.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsQueryService } from './recordings-query.service';
import { RecordingsReviewService } from './recordings-review.service';
import { TrainerPageController } from './trainer-page.controller';
import { RoutingModule } from '../routing/routing.module';
import { CallsModule } from '../calls/calls.module';

/**
 * Call recordings: capture on the bridge, a verified move to object storage, retention and
 * erasure, and the trainers' search, player, comments and scorecards.
 */
@Module({
  imports: [BullModule.registerQueue({ name: RECORDINGS_QUEUE }), CallsModule, RoutingModule],
  controllers: [RecordingsController, TrainerPageController],
  providers: [
    { provide: RECORDING_SOURCE, useClass: AriRecordingSource },
    RecordingAccessService,
    RecordingCaptureService,
    RecordingUploadQueue,
    RecordingUploadService,
    RecordingsProcessor,
    RecordingRetentionService,
    RecordingsQueryService,
    RecordingsReviewService,
  ],
  exports: [RecordingRetentionService, RecordingUploadService],
})
export class RecordingsModule {}
