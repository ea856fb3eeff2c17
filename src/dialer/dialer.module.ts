import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrmModule } from '../crm/crm.module';
import { RoutingModule } from '../routing/routing.module';
import { CallsModule } from '../calls/calls.module';
import { CampaignProgressService } from './campaign-progress.service';
import { Campaign } from './campaign.entity';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { DealWonListener } from './deal-won.listener';
import { DialLimiter } from './dial-limiter';
import { DialProcessor } from './dial.processor';
import { DialerCallsService } from './dialer-calls.service';
import { DialerRecoveryService } from './dialer-recovery.service';
import { DIALER_QUEUE, DialScheduler } from './dialer.queue';
import { DialingSweepService } from './dialing-sweep.service';
import { NpsReportsService } from './nps-reports.service';
import { NpsResponsesService } from './nps-responses.service';

/** NPS autodialer: campaigns, BullMQ dial jobs, AMD + IVR on ARI, responses and reports. */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign]), BullModule.registerQueue({ name: DIALER_QUEUE }), CrmModule, CallsModule, RoutingModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignProgressService, DialScheduler, DialLimiter, DialProcessor, DialerCallsService, DialerRecoveryService, DialingSweepService, NpsResponsesService, NpsReportsService, DealWonListener],
  exports: [CampaignsService, DialerCallsService, DialLimiter],
})
export class DialerModule {}
