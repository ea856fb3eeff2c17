import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ClientsService } from './clients.service';
import { CrmMaintenanceProcessor, CrmMaintenanceScheduler, CRM_MAINTENANCE_QUEUE } from './crm-maintenance.queue';
import { CrmController } from './crm.controller';
import { DealsService } from './deals.service';
import { DistributionService } from './distribution.service';
import { NextCallService } from './next-call.service';
import { PipelineStagesService } from './pipeline-stages.service';
import { TasksService } from './tasks.service';

/** Clients, deals, tasks and outbound distribution; routing uses the exported services. */
@Module({
  imports: [BullModule.registerQueue({ name: CRM_MAINTENANCE_QUEUE })],
  controllers: [CrmController],
  providers: [PipelineStagesService, ClientsService, DealsService, TasksService, DistributionService, NextCallService, CrmMaintenanceScheduler, CrmMaintenanceProcessor],
  exports: [PipelineStagesService, ClientsService, DealsService, TasksService, DistributionService, NextCallService],
})
export class CrmModule {}
